using System.Globalization;
using System.Text;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>Writes a <see cref="DefinitionSpec"/> as a definition file, in flow or block style at random (seeded by its id).</summary>
internal static class DefinitionYaml
{
    public static string Write(DefinitionSpec spec)
    {
        var random = new Random(spec.Id * 7919);
        var yaml = new StringBuilder();
        yaml.Append("# yaml-language-server: $schema=./lifecycle.schema.json\n");
        yaml.Append("lifecycle: ").Append(spec.Lifecycle).Append('\n');
        yaml.Append("namespace: ").Append(spec.Namespace).Append('\n');
        if (spec.Description is { } description)
        {
            yaml.Append("description: ").Append(Quote(description)).Append('\n');
        }

        WriteType(yaml, "statusType", spec.StatusType, random);
        WriteType(yaml, "eventType", spec.EventType, random);

        if (spec.Options.Count > 0 || random.Next(4) == 0)
        {
            yaml.Append("options:").Append(spec.Options.Count == 0 ? " {}\n" : "\n");
            foreach (OptionSpec option in spec.Options)
            {
                var keys = new List<string>();
                keys.Add("type: " + (option.Kind switch { OptionSpecKind.Enum => "enum", OptionSpecKind.Bool => random.Next(2) == 0 ? "bool" : "boolean", _ => "duration" }));
                if (option.Kind == OptionSpecKind.Enum)
                {
                    keys.Add("values: " + List(option.Values));
                    if (option.EnumType is { } enumType)
                    {
                        keys.Add("enumType: " + enumType);
                    }
                }

                if (option.Default is { } value)
                {
                    keys.Add("default: " + value);
                }

                if (option.Min is { } min)
                {
                    keys.Add("min: " + Durations.Format(min));
                }

                if (option.Max is { } max)
                {
                    keys.Add("max: " + Durations.Format(max));
                }

                if (option.Optional)
                {
                    keys.Add("optional: " + (random.Next(5) == 0 ? "True" : "true"));
                }

                if (option.Text is { } text)
                {
                    keys.Add("description: " + Quote(text));
                }

                WriteMapping(yaml, "  " + option.Name, keys, random);
            }
        }

        yaml.Append("states:\n");
        foreach (StateSpec state in spec.States)
        {
            var keys = new List<string>();
            if (state.Initial)
            {
                keys.Add("initial: true");
            }

            if (state.Final)
            {
                keys.Add("final: true");
            }

            if (keys.Count == 0 && random.Next(3) == 0)
            {
                yaml.Append("  ").Append(state.Name).Append(':').Append(state.Text is null ? string.Empty : " " + Quote(state.Text)).Append('\n');
                continue;
            }

            if (state.Text is { } text)
            {
                keys.Add("description: " + Quote(text));
            }

            if (keys.Count == 0)
            {
                yaml.Append("  ").Append(state.Name).Append(":\n");
                continue;
            }

            WriteMapping(yaml, "  " + state.Name, keys, random);
        }

        // An empty 'events:' is refused (SDSL0003), though SDSL0003.md and SDSL0005.md say it is accepted; '{}' is not.
        yaml.Append("events:").Append(spec.Events.Count == 0 ? " {}\n" : "\n");
        foreach (NamedText e in spec.Events)
        {
            if (e.Text is { } text && random.Next(2) == 0)
            {
                yaml.Append("  ").Append(e.Name).Append(": { description: ").Append(Quote(text)).Append(" }\n");
            }
            else
            {
                yaml.Append("  ").Append(e.Name).Append(':').Append(e.Text is null ? string.Empty : " " + Quote(e.Text)).Append('\n');
            }
        }

        if (spec.Transitions.Count > 0 || random.Next(4) == 0)
        {
            yaml.Append("transitions:").Append(spec.Transitions.Count == 0 ? " []\n" : "\n");
            foreach (TransitionSpec t in spec.Transitions)
            {
                var keys = new List<string>
                {
                    "from: " + (t.From.Count == 1 && random.Next(2) == 0 ? t.From[0] : List(t.From)),
                    "on: " + t.Event,
                    "to: " + t.To,
                };
                if (t.GuardText is { } guard)
                {
                    keys.Add("when: " + Quote(guard));
                }

                if (t.Because is { } because)
                {
                    keys.Add("because: " + Quote(because));
                }

                WriteItem(yaml, keys, random);
            }
        }

        if (spec.Timers.Count > 0)
        {
            yaml.Append("timers:\n");
            foreach (TimerSpec timer in spec.Timers)
            {
                var keys = new List<string>
                {
                    "name: " + timer.Name,
                    "in: " + (timer.In.Count == 1 && random.Next(2) == 0 ? timer.In[0] : List(timer.In)),
                };
                if (timer.Start is { } start)
                {
                    keys.Add("countdown: { start: " + List(start) + (timer.Cancel is { } cancel ? ", cancel: " + List(cancel) : string.Empty) + (timer.Restart ? string.Empty : ", restart: false") + " }");
                }

                keys.Add("after: " + timer.After);
                keys.Add("to: " + timer.To);
                if (timer.GuardText is { } guard)
                {
                    keys.Add("when: " + Quote(guard));
                }

                if (timer.Because is { } because)
                {
                    keys.Add("because: " + Quote(because));
                }

                WriteItem(yaml, keys.OrderBy(k => k.StartsWith("name", StringComparison.Ordinal) ? 0 : random.Next(1, 10)).ToList(), random);
            }
        }

        return yaml.ToString();
    }

    private static void WriteType(StringBuilder yaml, string key, TypeSpec type, Random random)
    {
        if (type.Members is null)
        {
            yaml.Append(key).Append(": ").Append(random.Next(4) == 0 ? "{ name: " + type.Name + " }" : type.Name).Append('\n');
            return;
        }

        yaml.Append(key).Append(":\n  name: ").Append(type.Name).Append("\n  members: ").Append(List(type.Members)).Append('\n');
    }

    private static string List(IEnumerable<string> names) => "[" + string.Join(", ", names) + "]";

    private static void WriteMapping(StringBuilder yaml, string key, List<string> keys, Random random)
    {
        if (random.Next(2) == 0 && keys.All(k => !k.Contains('\n')))
        {
            yaml.Append(key).Append(": { ").Append(string.Join(", ", keys)).Append(" }\n");
            return;
        }

        yaml.Append(key).Append(":\n");
        string indent = new(' ', key.Length - key.TrimStart().Length + 2);
        foreach (string k in keys)
        {
            yaml.Append(indent).Append(k).Append('\n');
        }
    }

    private static void WriteItem(StringBuilder yaml, List<string> keys, Random random)
    {
        if (random.Next(3) == 0)
        {
            yaml.Append("  - { ").Append(string.Join(", ", keys)).Append(" }\n");
            return;
        }

        for (int i = 0; i < keys.Count; i++)
        {
            yaml.Append(i == 0 ? "  - " : "    ").Append(keys[i]).Append('\n');
        }
    }

    /// <summary>A double-quoted YAML scalar: every character kept, control and separator characters escaped.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        // A pair is one character, written as it is; YAML escapes cannot spell half of one.
                        quoted.Append(c).Append(text[++i]);
                    }
                    else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\uFEFF' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
