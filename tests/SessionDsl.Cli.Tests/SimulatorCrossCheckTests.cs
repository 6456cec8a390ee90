using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Language;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;
using SessionDsl.Cli.Tests.Edges;
using SessionDsl.Messaging;
using Xunit;

namespace SessionDsl.Cli.Tests;

/// <summary>
/// simulate's <see cref="Simulator"/> (over the LifecycleModel) against the generated lifecycles of definitions/ on
/// the same seeded random streams of events and clock moves: after every step, the same outcome, status, entry time,
/// countdown start times and number of timers fired. The two share nothing but the definitions and docs/dsl.md.
/// Besides the shipped definitions, Lifecycles/timer-edges.lifecycle.yaml has the cases they rarely or never reach:
/// timers that tie, a countdown firing into its own state, guards on a bool and on an optional duration.
/// </summary>
public sealed class SimulatorCrossCheckTests
{
    private const int OptionSets = 32;
    private const int StreamsPerOptionSet = 200;
    private const int StepsPerStream = 40;

    private static readonly DateTimeOffset Epoch = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static IEnumerable<object[]> Lifecycles => new[]
    {
        new object[] { "enhanced-customer-initiated.lifecycle.yaml" },
        new object[] { "enhanced-business-initiated.lifecycle.yaml" },
        new object[] { "standard-customer-initiated.lifecycle.yaml" },
        new object[] { "standard-business-initiated.lifecycle.yaml" },
        new object[] { "../tests/SessionDsl.Cli.Tests/Lifecycles/timer-edges.lifecycle.yaml" },
    };

    [Theory]
    [MemberData(nameof(Lifecycles))]
    public void The_simulator_and_the_generated_lifecycle_agree_on_random_streams(string fileName)
    {
        string path = Path.GetFullPath(Path.Combine(RepoPaths.Definitions, fileName));
        LifecycleModel model = LifecycleDefinition.Read(Path.GetFileName(path), File.ReadAllText(path)).Valid
            ?? throw new InvalidOperationException(fileName + " has errors");
        List<string> mismatches = model.Name switch
        {
            nameof(EnhancedCustomerInitiated) => CrossCheck(model, new Generated<MessagingSessionStatus, MessagingSessionEvent, EnhancedCustomerInitiated.Options>(
                EnhancedCustomerInitiated.TryParseOptions, EnhancedCustomerInitiated.Start, EnhancedCustomerInitiated.Apply, EnhancedCustomerInitiated.Advance)),
            nameof(EnhancedBusinessInitiated) => CrossCheck(model, new Generated<MessagingSessionStatus, MessagingSessionEvent, EnhancedBusinessInitiated.Options>(
                EnhancedBusinessInitiated.TryParseOptions, EnhancedBusinessInitiated.Start, EnhancedBusinessInitiated.Apply, EnhancedBusinessInitiated.Advance)),
            nameof(StandardCustomerInitiated) => CrossCheck(model, new Generated<MessagingSessionStatus, MessagingSessionEvent, StandardCustomerInitiated.Options>(
                StandardCustomerInitiated.TryParseOptions, StandardCustomerInitiated.Start, StandardCustomerInitiated.Apply, StandardCustomerInitiated.Advance)),
            nameof(StandardBusinessInitiated) => CrossCheck(model, new Generated<MessagingSessionStatus, MessagingSessionEvent, StandardBusinessInitiated.Options>(
                StandardBusinessInitiated.TryParseOptions, StandardBusinessInitiated.Start, StandardBusinessInitiated.Apply, StandardBusinessInitiated.Advance)),
            nameof(TimerEdges) => CrossCheck(model, new Generated<TimerEdgesStatus, TimerEdgesEvent, TimerEdges.Options>(
                TimerEdges.TryParseOptions, TimerEdges.Start, TimerEdges.Apply, TimerEdges.Advance)),
            _ => throw new InvalidOperationException("no generated lifecycle " + model.Name),
        };

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} streams disagree; the first:\n" + string.Join("\n\n", mismatches.Take(3)));
    }

    private static List<string> CrossCheck<TStatus, TEvent, TOptions>(LifecycleModel model, Generated<TStatus, TEvent, TOptions> generated)
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        var mismatches = new List<string>();
        var optionRandom = new Random(model.Name.Length * 7919);
        for (int set = 0; set < OptionSets; set++)
        {
            Dictionary<string, string> text = RandomOptions(model, optionRandom, set);
            string optionText = string.Join("; ", text.Select(p => $"{p.Key}={p.Value}"));
            Assert.True(generated.TryParseOptions(optionText, out TOptions options, out string? error), error);
            var simulationOptions = new SimulationOptions(model, text.ToDictionary(
                p => p.Key,
                p => model.Options.First(o => o.Name == p.Key).Kind == OptionKindModel.Duration
                    ? (object?)(p.Value == "none" ? null : DurationParser.TryParse(p.Value, out _))
                    : p.Value));
            long[] delays = Delays(model, simulationOptions);
            for (int stream = 0; stream < StreamsPerOptionSet; stream++)
            {
                int seed = (set * 1000) + stream;
                if (RunStream(model, generated, options, simulationOptions, delays, seed) is { } mismatch)
                {
                    mismatches.Add($"{model.Name}, options {optionText}, seed {seed}:\n{mismatch}");
                }
            }
        }

        return mismatches;
    }

    /// <summary>One stream; null when both sides agree after every step, else the steps so far and the difference.</summary>
    private static string? RunStream<TStatus, TEvent, TOptions>(LifecycleModel model, Generated<TStatus, TEvent, TOptions> generated, TOptions options, SimulationOptions simulationOptions, long[] delays, int seed)
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(Epoch);
        string[] initials = model.States.Where(s => s.IsInitial).Select(s => s.Name).ToArray();
        string initial = initials[random.Next(initials.Length)];
        SessionState<TStatus> session = generated.Start(Enum.Parse<TStatus>(initial), time);
        var simulator = new Simulator(model, simulationOptions, initial, time.GetUtcNow().UtcTicks);
        var history = new List<string> { "start " + initial };
        for (int step = 0; step < StepsPerStream; step++)
        {
            var fired = new List<FiredTimer>();
            string? expected = null;
            string? actual = null;
            if (random.Next(10) < 6)
            {
                // Mostly events the current state has a transition for, so streams go deep; sometimes any event at all.
                string[] likely = model.Transitions.Where(t => t.From.Any(f => f.Name == simulator.Status)).Select(t => t.Event.Name).ToArray();
                string @event = likely.Length > 0 && random.Next(10) < 7 ? likely[random.Next(likely.Length)] : model.EventMembers[random.Next(model.EventMembers.Count)];
                // Now and then the caller's clock lags behind the session's: nothing may fire early, nothing move back.
                DateTimeOffset now = random.Next(10) == 0 ? time.GetUtcNow() - TimeSpan.FromTicks(delays[random.Next(delays.Length)]) : time.GetUtcNow();
                history.Add($"event {@event} at +{DurationParser.Format((now - Epoch).Ticks)}");
                actual = generated.Apply(ref session, Enum.Parse<TEvent>(@event), now, options).Outcome.ToString();
                expected = simulator.Apply(@event, now.UtcTicks, fired).Outcome;
            }
            else
            {
                time.Advance(TimeSpan.FromTicks(delays[random.Next(delays.Length)]));
                history.Add($"advance to +{DurationParser.Format((time.GetUtcNow() - Epoch).Ticks)}");
                actual = generated.Advance(ref session, time, options).ToString(System.Globalization.CultureInfo.InvariantCulture) + " fired";
                simulator.Advance(time.GetUtcNow().UtcTicks, fired);
                expected = fired.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " fired";
            }

            string simulated = $"{expected}, {simulator.Status} since {simulator.Entered}, countdowns [{string.Join(", ", Enumerable.Range(0, SessionState<TStatus>.MaxCountdowns).Select(i => simulator.Countdown(i) ?? 0))}]";
            string generatedState = $"{actual}, {session.Status} since {session.EnteredAtTicks}, countdowns [{string.Join(", ", Enumerable.Range(0, SessionState<TStatus>.MaxCountdowns).Select(session.CountdownTicks))}]";
            if (simulated != generatedState)
            {
                return string.Join("\n", history) + $"\n  simulator: {simulated}\n  generated: {generatedState}";
            }
        }

        return null;
    }

    /// <summary>Option values as FormatOptions writes them: the first set is the defaults, then random values in range.</summary>
    private static Dictionary<string, string> RandomOptions(LifecycleModel model, Random random, int set)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (set == 0)
        {
            return values;
        }

        foreach (OptionModel option in model.Options)
        {
            values[option.Name] = option.Kind switch
            {
                OptionKindModel.Enumeration => option.Values[random.Next(option.Values.Count)],
                OptionKindModel.Boolean => random.Next(2) == 0 ? "false" : "true",
                _ => option.IsOptional && random.Next(4) == 0 ? "none" : RandomDuration(option, random),
            };
        }

        return values;
    }

    private static string RandomDuration(OptionModel option, Random random)
    {
        long min = option.MinTicks ?? TimeSpan.TicksPerMinute;
        long max = option.MaxTicks ?? TimeSpan.TicksPerDay * 3;
        // The bounds half of the time: short timers next to long ones make ties and cascades likely.
        if (random.Next(2) == 0)
        {
            return DurationParser.Format(random.Next(2) == 0 ? min : max);
        }

        long minutes = (min / TimeSpan.TicksPerMinute) + random.NextInt64(((max - min) / TimeSpan.TicksPerMinute) + 1);
        return DurationParser.Format(minutes * TimeSpan.TicksPerMinute);
    }

    /// <summary>Clock moves: small and long ones, the timers' own durations with a tick either side (edges), and their differences (ties).</summary>
    private static long[] Delays(LifecycleModel model, SimulationOptions options)
    {
        var delays = new List<long> { 0, 1, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute, 5 * TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour, TimeSpan.TicksPerDay, 2 * TimeSpan.TicksPerDay };
        foreach (TimerModel timer in model.Timers)
        {
            if ((timer.After.LiteralTicks ?? (timer.After.Option is { } o ? options.Duration(o.Name) : null)) is { } ticks)
            {
                delays.AddRange(new[] { ticks - 1, ticks, ticks + 1, ticks / 2 });
            }
        }

        // The gaps between two timers' durations, so that two countdowns started that far apart fall due together.
        long[] durations = delays.Skip(8).Where((_, i) => i % 4 == 1).ToArray();
        delays.AddRange(durations.SelectMany(a => durations.Where(b => b > a).Select(b => b - a)));
        return delays.ToArray();
    }

    private delegate bool TryParseOptionsFn<TOptions>(string text, out TOptions options, [NotNullWhen(false)] out string? error);

    private delegate SessionState<TStatus> StartFn<TStatus>(TStatus initial, TimeProvider time)
        where TStatus : struct, Enum;

    private delegate TransitionResult<TStatus, TEvent> ApplyFn<TStatus, TEvent, TOptions>(ref SessionState<TStatus> session, TEvent @event, DateTimeOffset now, in TOptions options)
        where TStatus : struct, Enum
        where TEvent : struct, Enum;

    private delegate int AdvanceFn<TStatus, TOptions>(ref SessionState<TStatus> session, TimeProvider time, in TOptions options)
        where TStatus : struct, Enum;

    /// <summary>One generated lifecycle's static methods, so one test body drives them all.</summary>
    private sealed record Generated<TStatus, TEvent, TOptions>(TryParseOptionsFn<TOptions> TryParseOptions, StartFn<TStatus> Start, ApplyFn<TStatus, TEvent, TOptions> Apply, AdvanceFn<TStatus, TOptions> Advance)
        where TStatus : struct, Enum
        where TEvent : struct, Enum;
}
