using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using SessionDsl.Language;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using DefinitionParser = SessionDsl.Language.Parsing.DefinitionParser;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// <c>definitions/lifecycle.schema.json</c> is what editors validate definitions against, so it must accept every
/// shipped definition, reject what the parser rejects, and know exactly the keys the parser knows.
/// </summary>
public sealed class DefinitionSchemaTests
{
    /// <summary>A small definition that uses every construct; the negative tests each break one thing in it.</summary>
    private const string Baseline = """
        lifecycle: Chat
        namespace: Samples.Chat
        description: A chat with a customer.
        platform: web
        statusType: ChatStatus
        eventType:
          name: ChatEvent
          members: [Accept, RepMessage, EndChat]
        options:
          capacityModel:
            type: enum
            enumType: CapacityModel
            values: [TabBased, StatusBased]
            default: TabBased
            description: How capacity is counted.
          keepOpen:
            type: boolean
            default: false
          idleTimeout:
            type: duration
            min: 5m
            max: 30m
            optional: true
          expiry:
            type: duration
            default: 1h30m
        states:
          Waiting:
            initial: true
            description: Being routed.
          Active: In progress.
          Ended:
            final: true
        events:
          Accept:
          RepMessage: The rep replies.
          EndChat:
            description: The rep ends the chat.
        transitions:
          - from: Waiting
            on: Accept
            to: Active
            when: capacityModel == TabBased or (keepOpen && !idleTimeout)
            because: Routed to a rep.
          - from: [Waiting, Active]
            on: EndChat
            to: Ended
          - from: Active
            on: RepMessage
            to: Active
        timers:
          - name: Idle
            in: Active
            countdown:
              start: [RepMessage]
              cancel: Accept
            after: idleTimeout
            to: Ended
            when: capacityModel != StatusBased
            because: The customer stopped answering.
          - name: Expiry
            in: [Waiting]
            after: 30h
            to: Ended
        rules:
          - name: OneChatAtATime
            requireOthersIn: [Ended]
            on: Accept
            because: One chat with a rep at a time.
          - name: EndedChatsOnly
            deleteOnlyIn: Ended
          - name: RepeatedEndsMerge
            mergeRepeatedIn: [Ended]

        """;

    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath)));

    private static string SchemaPath => Path.Combine(RepoPaths.Definitions, "lifecycle.schema.json");

    public static TheoryData<string> ShippedDefinitions()
    {
        var data = new TheoryData<string>();
        foreach (string path in RepoPaths.DefinitionFiles)
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedDefinitions))]
    public async Task Every_shipped_definition_satisfies_the_schema(string fileName)
    {
        string yaml = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Definitions, fileName));

        var errors = await ValidateAsync(yaml);

        if (errors.Count > 0)
        {
            Assert.Fail($"{fileName} does not satisfy lifecycle.schema.json:\n{Describe(errors)}");
        }
    }

    [Fact]
    public void Every_shipped_definition_points_editors_at_the_schema()
    {
        foreach (string path in RepoPaths.DefinitionFiles)
        {
            string firstLine = File.ReadLines(path).First();
            Assert.Equal("# yaml-language-server: $schema=./lifecycle.schema.json", firstLine);
        }
    }

    [Fact]
    public async Task The_baseline_of_the_negative_tests_satisfies_both_the_schema_and_the_parser()
    {
        var errors = await ValidateAsync(Baseline);
        var parsed = LifecycleDefinition.Read("Chat.lifecycle.yaml", Baseline);

        Assert.True(errors.Count == 0, Describe(errors));
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics.Select(d => d.ToString())));
    }

    [Theory]
    [InlineData("an unknown top-level key")]
    [InlineData("min on an enum option")]
    [InlineData("values on a bool option")]
    [InlineData("a transition without to")]
    [InlineData("a transition from an empty list")]
    [InlineData("a malformed duration in a timer")]
    [InlineData("a malformed duration in an option")]
    [InlineData("a zero duration")]
    [InlineData("units out of order")]
    [InlineData("a state given as a list")]
    [InlineData("a state name that is not an identifier")]
    [InlineData("a C# keyword as a timer name")]
    [InlineData("an unknown state setting")]
    [InlineData("a duration option with neither default nor optional")]
    [InlineData("an unknown option type")]
    [InlineData("a guard with a single equals sign")]
    [InlineData("a countdown without start")]
    [InlineData("a timer without a name")]
    [InlineData("a missing eventType")]
    [InlineData("a shared type without a name")]
    [InlineData("a bool option defaulting to yes")]
    [InlineData("duplicate enum values")]
    [InlineData("a platform-restricted member without platforms")]
    [InlineData("an unknown member setting")]
    [InlineData("an empty platform list on a member")]
    [InlineData("a rule with two requirements")]
    [InlineData("a rule without a requirement")]
    [InlineData("on in a deleteOnlyIn rule")]
    [InlineData("a rule without a name")]
    [InlineData("an empty status list in a rule")]
    [InlineData("a status listed twice in a rule")]
    [InlineData("an unknown rule setting")]
    public async Task Schema_and_parser_both_reject_a_definition_with(string defect)
    {
        string yaml = Break(defect);

        var errors = await ValidateAsync(yaml);
        var parsed = LifecycleDefinition.Read("Chat.lifecycle.yaml", yaml);

        Assert.True(errors.Count > 0, $"The schema accepts a definition with {defect}:\n{yaml}");
        Assert.True(parsed.HasErrors, $"The parser accepts a definition with {defect}; the negative test is wrong.");
    }

    [Theory]
    [InlineData("an empty bool default")]
    [InlineData("flags spelt True and quoted TRUE")]
    [InlineData("a numeric description")]
    [InlineData("an empty cancel list")]
    [InlineData("a shared type given by name only")]
    [InlineData("an optional duration with a default")]
    [InlineData("empty bounds on a duration option")]
    [InlineData("neither transitions nor timers")]
    [InlineData("members restricted to platforms")]
    [InlineData("an empty rules list")]
    public async Task Schema_and_parser_both_accept_a_definition_with(string variant)
    {
        string yaml = Vary(variant);

        var errors = await ValidateAsync(yaml);
        var parsed = LifecycleDefinition.Read("Chat.lifecycle.yaml", yaml);

        Assert.False(parsed.HasErrors, $"The parser rejects a definition with {variant}; the test is wrong:\n{string.Join("\n", parsed.Diagnostics.Select(d => d.ToString()))}");
        Assert.True(errors.Count == 0, $"The schema rejects a definition with {variant}, which the parser accepts:\n{Describe(errors)}");
    }

    [Fact]
    public async Task The_schema_allows_exactly_the_top_level_keys_the_parser_knows()
    {
        JObject schema = JObject.Parse(await File.ReadAllTextAsync(SchemaPath));

        var schemaKeys = ((JObject)schema["properties"]!).Properties().Select(p => p.Name);

        Assert.Equal(DefinitionParser.TopLevelKeys.OrderBy(k => k, StringComparer.Ordinal), schemaKeys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.False(schema["additionalProperties"]!.Value<bool>());
    }

    /// <summary>The parser's other key lists are private; read them by name so a key added there fails here.</summary>
    [Theory]
    [InlineData("TypeKeys", "$.definitions.sharedType.oneOf[1]")]
    [InlineData("MemberKeys", "$.definitions.typeMember.oneOf[1]")]
    [InlineData("OptionKeys", "$.definitions['enumOption','boolOption','durationOption']")]
    [InlineData("StateKeys", "$.definitions.state")]
    [InlineData("EventKeys", "$.definitions.event")]
    [InlineData("TransitionKeys", "$.definitions.transition")]
    [InlineData("TimerKeys", "$.definitions.timer")]
    [InlineData("CountdownKeys", "$.definitions.timer.properties.countdown")]
    [InlineData("RuleKeys", "$.definitions.rule")]
    public async Task The_schema_allows_exactly_the_nested_keys_the_parser_knows(string parserList, string schemaPath)
    {
        FieldInfo field = typeof(DefinitionParser).GetField(parserList, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"DefinitionParser has no key list '{parserList}'; update this test.");
        var parserKeys = (string[])field.GetValue(null)!;
        JObject schema = JObject.Parse(await File.ReadAllTextAsync(SchemaPath));

        var objects = schema.SelectTokens(schemaPath).Cast<JObject>().ToList();
        var schemaKeys = objects.SelectMany(o => ((JObject)o["properties"]!).Properties().Select(p => p.Name)).Distinct();

        Assert.NotEmpty(objects);
        Assert.Equal(parserKeys.OrderBy(k => k, StringComparer.Ordinal), schemaKeys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(objects, o => Assert.False(o["additionalProperties"]!.Value<bool>()));
    }

    [Fact]
    public void The_dsl_reference_mentions_every_key_the_parser_knows()
    {
        string reference = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "dsl.md"));
        var keyLists = typeof(DefinitionParser).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.Name.EndsWith("Keys", StringComparison.Ordinal) && f.FieldType == typeof(string[]))
            .ToList();

        var missing = keyLists.SelectMany(f => (string[])f.GetValue(null)!).Distinct().Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal));

        Assert.NotEmpty(keyLists);
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("30h", true)]
    [InlineData("1h30m", true)]
    [InlineData("2d", true)]
    [InlineData("500ms", true)]
    [InlineData("1m5s", true)]
    [InlineData("1d2h3m4s5ms", true)]
    [InlineData("0h1m", true)]
    [InlineData("30x", false)]
    [InlineData("30", false)]
    [InlineData("0s", false)]
    [InlineData("30m1h", false)]
    [InlineData("1h1h", false)]
    [InlineData("1h 30m", false)]
    [InlineData("-5m", false)]
    [InlineData("h", false)]
    public async Task The_schema_reads_durations_as_the_duration_parser_does(string text, bool valid)
    {
        string yaml = Replace(Baseline, "    default: 1h30m\n", $"    default: \"{text}\"\n");

        var errors = await ValidateAsync(yaml);

        Assert.Equal(valid, errors.Count == 0);
        Assert.Equal(valid, Language.Parsing.DurationParser.TryParse(text, out _) is not null);
    }

    [Theory]
    [InlineData("a == B", true)]
    [InlineData("not a and (b || !c)", true)]
    [InlineData("a!=B&&c", true)]
    [InlineData("a = B", false)]
    [InlineData("a == 1", false)]
    [InlineData("a & b", false)]
    [InlineData("", false)]
    public async Task The_schema_accepts_the_characters_of_the_guard_grammar(string guard, bool valid)
    {
        string yaml = Replace(Baseline, "    when: capacityModel != StatusBased\n", $"    when: \"{guard}\"\n");

        var errors = await ValidateAsync(yaml);

        Assert.Equal(valid, errors.Count == 0);
    }

    private static string Break(string defect) => defect switch
    {
        "an unknown top-level key" => Baseline + "colour: blue\n",
        "min on an enum option" => Replace(Baseline, "    values: [TabBased, StatusBased]\n", "    values: [TabBased, StatusBased]\n    min: 5m\n"),
        "values on a bool option" => Replace(Baseline, "    default: false\n", "    default: false\n    values: [Yes, No]\n"),
        "a transition without to" => Replace(Baseline, "    to: Active\n    when:", "    when:"),
        "a transition from an empty list" => Replace(Baseline, "from: [Waiting, Active]", "from: []"),
        "a malformed duration in a timer" => Replace(Baseline, "after: 30h", "after: 30x"),
        "a malformed duration in an option" => Replace(Baseline, "max: 30m", "max: 30x"),
        "a zero duration" => Replace(Baseline, "after: 30h", "after: 0h"),
        "units out of order" => Replace(Baseline, "default: 1h30m", "default: 30m1h"),
        "a state given as a list" => Replace(Baseline, "  Active: In progress.\n", "  Active: [In, progress]\n"),
        "a state name that is not an identifier" => Replace(Baseline, "  Active: In progress.\n", "  Active: In progress.\n  On-Hold: Parked.\n"),
        "a C# keyword as a timer name" => Replace(Baseline, "name: Expiry", "name: class"),
        "an unknown state setting" => Replace(Baseline, "    final: true\n", "    terminal: true\n"),
        "a duration option with neither default nor optional" => Replace(Baseline, "    optional: true\n", string.Empty),
        "an unknown option type" => Replace(Baseline, "type: boolean", "type: flag"),
        "a guard with a single equals sign" => Replace(Baseline, "when: capacityModel != StatusBased", "when: capacityModel = StatusBased"),
        "a countdown without start" => Replace(Baseline, "      start: [RepMessage]\n", string.Empty),
        "a timer without a name" => Replace(Baseline, "  - name: Expiry\n    in: [Waiting]\n", "  - in: [Waiting]\n"),
        "a missing eventType" => Replace(Baseline, "eventType:\n  name: ChatEvent\n  members: [Accept, RepMessage, EndChat]\n", string.Empty),
        "a shared type without a name" => Replace(Baseline, "  name: ChatEvent\n", string.Empty),
        "a bool option defaulting to yes" => Replace(Baseline, "    default: false\n", "    default: yes\n"),
        "duplicate enum values" => Replace(Baseline, "values: [TabBased, StatusBased]", "values: [TabBased, StatusBased, TabBased]"),
        "a platform-restricted member without platforms" => Replace(Baseline, "members: [Accept, RepMessage, EndChat]", "members: [Accept, RepMessage, { name: EndChat }]"),
        "an unknown member setting" => Replace(Baseline, "members: [Accept, RepMessage, EndChat]", "members: [Accept, RepMessage, { name: EndChat, platforms: [web], only: true }]"),
        "an empty platform list on a member" => Replace(Baseline, "members: [Accept, RepMessage, EndChat]", "members: [Accept, RepMessage, { name: EndChat, platforms: [] }]"),
        "a rule with two requirements" => Replace(Baseline, "    deleteOnlyIn: Ended\n", "    deleteOnlyIn: Ended\n    mergeRepeatedIn: Ended\n"),
        "a rule without a requirement" => Replace(Baseline, "    deleteOnlyIn: Ended\n", string.Empty),
        "on in a deleteOnlyIn rule" => Replace(Baseline, "    deleteOnlyIn: Ended\n", "    deleteOnlyIn: Ended\n    on: Accept\n"),
        "a rule without a name" => Replace(Baseline, "  - name: EndedChatsOnly\n    deleteOnlyIn: Ended\n", "  - deleteOnlyIn: Ended\n"),
        "an empty status list in a rule" => Replace(Baseline, "mergeRepeatedIn: [Ended]", "mergeRepeatedIn: []"),
        "a status listed twice in a rule" => Replace(Baseline, "requireOthersIn: [Ended]", "requireOthersIn: [Ended, Ended]"),
        "an unknown rule setting" => Replace(Baseline, "    deleteOnlyIn: Ended\n", "    deleteOnlyIn: Ended\n    severity: high\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, "No such defect."),
    };

    private static string Vary(string variant) => variant switch
    {
        "an empty bool default" => Replace(Baseline, "    default: false\n", "    default:\n"),
        "flags spelt True and quoted TRUE" => Replace(Replace(Baseline, "initial: true", "initial: True"), "final: true", "final: \"TRUE\""),
        "a numeric description" => Replace(Baseline, "  Active: In progress.\n", "  Active: 42\n"),
        "an empty cancel list" => Replace(Baseline, "cancel: Accept", "cancel: []"),
        "a shared type given by name only" => Replace(Baseline, "eventType:\n  name: ChatEvent\n  members: [Accept, RepMessage, EndChat]\n", "eventType: ChatEvent\n"),
        "an optional duration with a default" => Replace(Baseline, "    optional: true\n", "    optional: true\n    default: 10m\n"),
        "empty bounds on a duration option" => Replace(Replace(Baseline, "    min: 5m\n", "    min:\n"), "    max: 30m\n", "    max: ~\n"),
        "neither transitions nor timers" => Baseline.Substring(0, Baseline.IndexOf("transitions:", StringComparison.Ordinal)),
        "members restricted to platforms" => Replace(Baseline, "  members: [Accept, RepMessage, EndChat]\n", "  platforms: [web, app]\n  members: [Accept, { name: RepMessage, platforms: [web, app] }, { name: EndChat, platforms: web }]\n"),
        "an empty rules list" => Baseline.Substring(0, Baseline.IndexOf("rules:", StringComparison.Ordinal)) + "rules: []\n",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "No such variant."),
    };

    /// <summary>Replaces the one occurrence of <paramref name="find"/>, so a test cannot pass by changing nothing.</summary>
    private static string Replace(string text, string find, string replacement)
    {
        int count = Regex.Matches(text, Regex.Escape(find)).Count;
        Assert.True(count == 1, $"Expected '{find}' once in the baseline, found it {count} times.");
        return text.Replace(find, replacement, StringComparison.Ordinal);
    }

    private static async Task<ICollection<ValidationError>> ValidateAsync(string yaml)
    {
        JsonSchema schema = await Schema.Value;
        return schema.Validate(YamlToJson.Convert(yaml));
    }

    private static string Describe(IEnumerable<ValidationError> errors)
    {
        var text = new StringBuilder();
        Append(errors, 1);
        return text.ToString();

        void Append(IEnumerable<ValidationError> list, int depth)
        {
            foreach (ValidationError error in list)
            {
                text.Append(' ', depth * 2).Append(error.Kind).Append(" at ").Append(error.Path ?? "#").Append(error.Property is null ? string.Empty : $" ('{error.Property}')").Append('\n');
                // Errors of oneOf/anyOf branches and of each type of a multi-type schema hang below the error that names them.
                var nested = error switch
                {
                    ChildSchemaValidationError child => child.Errors.Values,
                    MultiTypeValidationError multi => multi.Errors.Where(e => e.Key != JsonObjectType.Null).Select(e => e.Value),
                    _ => Enumerable.Empty<ICollection<ValidationError>>(),
                };
                foreach (var branch in nested)
                {
                    Append(branch, depth + 1);
                }
            }
        }
    }
}

/// <summary>
/// YAML to JSON the way a YAML language server sees it (the YAML 1.2 core schema): plain <c>true</c>/<c>False</c>,
/// <c>null</c>/<c>~</c>/empty and numbers become JSON literals; quoted, folded and literal scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    private static readonly Regex Null = new("^(null|Null|NULL|~|)$", RegexOptions.CultureInvariant);
    private static readonly Regex Boolean = new("^(true|True|TRUE|false|False|FALSE)$", RegexOptions.CultureInvariant);
    private static readonly Regex Integer = new("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static JToken Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? JValue.CreateNull() : Convert(stream.Documents[0].RootNode);
    }

    private static JToken Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JObject(mapping.Children.Select(e => new JProperty(((YamlScalarNode)e.Key).Value ?? string.Empty, Convert(e.Value)))),
        YamlSequenceNode sequence => new JArray(sequence.Children.Select(Convert)),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException("Unexpected YAML node " + node.GetType().Name),
    };

    private static JToken Scalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return new JValue(value);
        }

        if (Null.IsMatch(value))
        {
            return JValue.CreateNull();
        }

        if (Boolean.IsMatch(value))
        {
            return new JValue(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (Integer.IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return new JValue(integer);
        }

        if (Float.IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return new JValue(number);
        }

        return new JValue(value);
    }
}
