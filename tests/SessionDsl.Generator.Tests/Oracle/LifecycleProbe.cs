using System.Reflection;
using System.Runtime.CompilerServices;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>A generated lifecycle seen through ints and ticks, so that the driver compares it with the reference interpreter.</summary>
internal interface ILifecycleProbe
{
    Type Type { get; }

    LifecycleFacts Facts { get; }

    /// <summary>The options' property values of <c>DefaultOptions</c>, by YAML name, as the reference interpreter holds options.</summary>
    IReadOnlyDictionary<string, OptionValue> DefaultOptions { get; }

    bool IsInitial(int status);

    bool IsFinal(int status);

    /// <summary>Starts a run with these options (null: <c>default(TOptions)</c>); problems with the options' own methods are added to <paramref name="problems"/>.</summary>
    ILifecycleRun Begin(IReadOnlyDictionary<string, OptionValue>? options, string expectedText, List<string> problems);
}

/// <summary>One session of a generated lifecycle under fixed options.</summary>
internal interface ILifecycleRun
{
    Outcome Fire(int status, int @event);

    /// <summary>Starts the session; false when <c>Start</c> threw <see cref="ArgumentException"/>.</summary>
    bool Start(int status, long ticks);

    void Restore(ReferenceSession state);

    Outcome Apply(int @event, long ticks, List<Fired> fired);

    int Advance(long ticks, List<Fired> fired);

    long? NextDeadline();

    ReferenceSession State();
}

internal static class LifecycleProbe
{
    /// <summary>The probe for a generated lifecycle type: the generic shim closed over its type arguments, once.</summary>
    public static ILifecycleProbe For(Type lifecycle)
    {
        Type contract = lifecycle.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILifecycle<,,>));
        Type[] arguments = contract.GetGenericArguments();
        Type probe = typeof(LifecycleProbe<,,,>).MakeGenericType(lifecycle, arguments[0], arguments[1], arguments[2]);
        return (ILifecycleProbe)Activator.CreateInstance(probe)!;
    }

    public static string PropertyName(string option) => char.ToUpperInvariant(option[0]) + option[1..];
}

internal sealed class LifecycleProbe<TLifecycle, TStatus, TEvent, TOptions> : ILifecycleProbe
    where TLifecycle : ILifecycle<TStatus, TEvent, TOptions>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TOptions : struct
{
    public LifecycleProbe()
    {
        LifecycleDescription<TStatus, TEvent> d = TLifecycle.Description;
        Facts = new LifecycleFacts(
            d.Name,
            Names<TStatus>(),
            Names<TEvent>(),
            Unsafe.SizeOf<TStatus>(),
            Unsafe.SizeOf<TEvent>(),
            d.States.Select(s => (Int(s.Status), s.IsInitial, s.IsFinal)).ToList(),
            d.Events.Select(e => Int(e.Event)).ToList(),
            d.Options,
            d.Transitions.Select(t => new TransitionFact(t.Index, t.From.Select(Int).ToList(), Int(t.Event), Int(t.To), t.Guard)).ToList(),
            d.Timers.Select(t => new TimerFact(t.Index, t.Name, t.Kind, t.States.Select(Int).ToList(), t.After, t.Duration, Int(t.To), t.Guard, t.StartOn.Select(Int).ToList(), t.CancelOn.Select(Int).ToList(), t.Restart, t.CountdownSlot)).ToList(),
            Int(TLifecycle.DefaultInitialStatus));

        object defaults = TLifecycle.DefaultOptions;
        DefaultOptions = Facts.Options.ToDictionary(o => o.Name, o => Read(defaults, o), StringComparer.Ordinal);
    }

    public Type Type => typeof(TLifecycle);

    public LifecycleFacts Facts { get; }

    public IReadOnlyDictionary<string, OptionValue> DefaultOptions { get; }

    public bool IsInitial(int status) => TLifecycle.IsInitial(Status(status));

    public bool IsFinal(int status) => TLifecycle.IsFinal(Status(status));

    public ILifecycleRun Begin(IReadOnlyDictionary<string, OptionValue>? values, string expectedText, List<string> problems)
    {
        TOptions options = default;
        if (values is not null)
        {
            object boxed = TLifecycle.DefaultOptions;
            foreach (OptionInfo option in Facts.Options)
            {
                PropertyInfo property = typeof(TOptions).GetProperty(LifecycleProbe.PropertyName(option.Name))
                    ?? throw new InvalidOperationException($"Options has no property for option '{option.Name}'");
                OptionValue value = values[option.Name];
                object? raw = option.Kind switch
                {
                    OptionKind.Enumeration => Enum.Parse(property.PropertyType, value.Member!),
                    OptionKind.Boolean => value.Flag,
                    _ => value.Duration,
                };
                property.SetValue(boxed, raw);
            }

            options = (TOptions)boxed;
        }

        if (!TLifecycle.TryValidate(in options, out string? error))
        {
            problems.Add($"TryValidate refused options within the definition's bounds: {error}");
        }

        string text = TLifecycle.FormatOptions(in options);
        if (text != expectedText)
        {
            problems.Add($"FormatOptions wrote '{text}', expected '{expectedText}'");
        }

        if (!TLifecycle.TryParseOptions(text, out TOptions parsed, out string? parseError))
        {
            problems.Add($"TryParseOptions refused FormatOptions' own text '{text}': {parseError}");
        }
        else if (!EqualityComparer<TOptions>.Default.Equals(parsed, options))
        {
            problems.Add($"TryParseOptions('{text}') read other options than were written");
        }

        return new Run(options);
    }

    private static OptionValue Read(object options, OptionInfo option)
    {
        object? value = typeof(TOptions).GetProperty(LifecycleProbe.PropertyName(option.Name))?.GetValue(options);
        return option.Kind switch
        {
            OptionKind.Enumeration => OptionValue.Of(value?.ToString() ?? "?"),
            OptionKind.Boolean => OptionValue.Of(value is true),
            _ => OptionValue.Of((TimeSpan?)value),
        };
    }

    private static IReadOnlyList<string> Names<T>()
        where T : struct, Enum
    {
        T[] values = Enum.GetValues<T>();
        var names = new string[values.Length];
        foreach (T value in values)
        {
            int i = ToInt(value);
            names[i] = value.ToString();
        }

        return names;
    }

    private static int Int(TStatus status) => ToInt(status);

    private static int Int(TEvent @event) => ToInt(@event);

    private static int ToInt<T>(T value)
        where T : struct, Enum => Unsafe.SizeOf<T>() == 1 ? Unsafe.As<T, byte>(ref value) : Unsafe.As<T, ushort>(ref value);

    private static T FromInt<T>(int value)
        where T : struct, Enum
    {
        if (Unsafe.SizeOf<T>() == 1)
        {
            byte b = (byte)value;
            return Unsafe.As<byte, T>(ref b);
        }

        ushort u = (ushort)value;
        return Unsafe.As<ushort, T>(ref u);
    }

    private static TStatus Status(int value) => FromInt<TStatus>(value);

    private static TEvent Event(int value) => FromInt<TEvent>(value);

    private static Outcome Convert(TransitionResult<TStatus, TEvent> result) =>
        new(result.Outcome, Int(result.From), Int(result.Event), Int(result.To), result.TransitionIndex);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>Records every timer fired; more than <see cref="ReferenceLifecycle.MaxFirings"/> in one call stops the call.</summary>
    private struct Recorder(List<Fired> fired) : ITimerObserver<TStatus>
    {
        private int _count;

        public void OnTimerFired(int timerIndex, TStatus from, TStatus to, long dueAtTicks)
        {
            if (++_count > ReferenceLifecycle.MaxFirings)
            {
                throw new UnboundedTimersException(ReferenceLifecycle.MaxFirings);
            }

            fired.Add(new Fired(timerIndex, Int(from), Int(to), dueAtTicks));
        }
    }

    private sealed class Run(TOptions options) : ILifecycleRun
    {
        private readonly TOptions _options = options;
        private SessionState<TStatus> _session;

        public Outcome Fire(int status, int @event) => Convert(TLifecycle.Fire(Status(status), Event(@event), in _options));

        public bool Start(int status, long ticks)
        {
            try
            {
                _session = TLifecycle.Start(Status(status), Time(ticks));
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        public void Restore(ReferenceSession state)
        {
            DateTimeOffset? Slot(int slot) => state.Countdowns[slot] == 0 ? null : Time(state.Countdowns[slot]);
            _session = new SessionState<TStatus>(Status(state.Status), Time(state.Entered), Slot(0), Slot(1), Slot(2), Slot(3));
        }

        public Outcome Apply(int @event, long ticks, List<Fired> fired)
        {
            var recorder = new Recorder(fired);
            return Convert(TLifecycle.Apply(ref _session, Event(@event), Time(ticks), in _options, ref recorder));
        }

        public int Advance(long ticks, List<Fired> fired)
        {
            var recorder = new Recorder(fired);
            return TLifecycle.Advance(ref _session, Time(ticks), in _options, ref recorder);
        }

        public long? NextDeadline() => TLifecycle.NextDeadline(in _session, in _options)?.UtcTicks;

        public ReferenceSession State() => new()
        {
            Status = Int(_session.Status),
            Entered = _session.EnteredAtTicks,
            Countdowns = [_session.CountdownTicks(0), _session.CountdownTicks(1), _session.CountdownTicks(2), _session.CountdownTicks(3)],
        };
    }
}
