using Microsoft.CodeAnalysis;
using SessionDsl.Language.Model;

namespace SessionDsl.Analyzers.Lifecycles;

/// <summary>
/// One lifecycle as the analyzers see it: its generated type, and its definition folded into bit masks over the
/// members of its status enum (bit i is the enum's i-th declared member), so sets of statuses are plain <c>ulong</c>s.
/// </summary>
internal sealed class LifecycleInfo
{
    private readonly Dictionary<(int State, int Event), (ulong Targets, bool MayStay)> _steps = new();
    private readonly ulong[] _timerTargets;
    private readonly ulong[] _anyEventTargets;

    public LifecycleInfo(INamedTypeSymbol type, EnumMembers status, EnumMembers events, LifecycleModel model)
    {
        Type = type;
        Status = status;
        Events = events;
        Name = model.Name;
        _timerTargets = new ulong[status.Count];
        _anyEventTargets = new ulong[status.Count];

        foreach (StateModel state in model.States)
        {
            if (status.BitOf(state.Name) is int bit)
            {
                States |= 1UL << bit;
                if (state.IsInitial)
                {
                    DefaultInitial = DefaultInitial == 0 ? 1UL << bit : DefaultInitial;
                    Initial |= 1UL << bit;
                }
            }
        }

        // Fire takes the first transition whose guard holds; guards are unknown here, so every guarded target is
        // possible and a guarded-only cell may also leave the status where it was.
        var unguarded = new HashSet<(int, int)>();
        foreach (TransitionModel transition in model.Transitions)
        {
            if (events.BitOf(transition.Event.Name) is not int e || status.BitOf(transition.To.Name) is not int to)
            {
                continue;
            }

            foreach (Named from in transition.From)
            {
                if (status.BitOf(from.Name) is not int s || unguarded.Contains((s, e)))
                {
                    continue;
                }

                _steps.TryGetValue((s, e), out var step);
                _steps[(s, e)] = (step.Targets | (1UL << to), transition.Guard is not null);
                _anyEventTargets[s] |= 1UL << to;
                if (transition.Guard is null)
                {
                    unguarded.Add((s, e));
                }
            }
        }

        foreach (TimerModel timer in model.Timers)
        {
            if (status.BitOf(timer.To.Name) is not int to)
            {
                continue;
            }

            IEnumerable<int> from = timer.States.IsEmpty
                ? Enumerable.Range(0, status.Count)
                : timer.States.Select(s => status.BitOf(s.Name) ?? -1).Where(b => b >= 0);
            foreach (int s in from)
            {
                _timerTargets[s] |= 1UL << to;
            }
        }
    }

    public INamedTypeSymbol Type { get; }

    public string Name { get; }

    public EnumMembers Status { get; }

    public EnumMembers Events { get; }

    /// <summary>The statuses this lifecycle has.</summary>
    public ulong States { get; }

    public ulong Initial { get; }

    /// <summary>The definition's first initial state, where <c>Start(now)</c> begins (as the generated DefaultInitialStatus).</summary>
    public ulong DefaultInitial { get; }

    public bool Allows(int state, int @event) => _steps.ContainsKey((state, @event));

    /// <summary>The statuses in <paramref name="states"/> where <paramref name="event"/> has no transition.</summary>
    public ulong IllegalIn(ulong states, int @event)
    {
        ulong illegal = 0;
        foreach (int s in Bits(states))
        {
            if (!Allows(s, @event))
            {
                illegal |= 1UL << s;
            }
        }

        return illegal;
    }

    /// <summary>Where <paramref name="event"/> (null when not constant) may lead from any of <paramref name="states"/>.</summary>
    public ulong Step(ulong states, int? @event)
    {
        ulong result = 0;
        foreach (int s in Bits(states))
        {
            if (@event is not int e)
            {
                result |= _anyEventTargets[s] | (1UL << s);
            }
            else if (_steps.TryGetValue((s, e), out var step))
            {
                result |= step.Targets | (step.MayStay ? 1UL << s : 0);
            }
            else
            {
                result |= 1UL << s;
            }
        }

        return result;
    }

    /// <summary>
    /// Where the code expects <paramref name="event"/> to lead from <paramref name="states"/>: the statuses that allow it,
    /// with their guards holding. Calling Apply says the caller means the event to apply; where it cannot, a diagnostic
    /// has already said so, and following that path too would only repeat it at every later call.
    /// </summary>
    public ulong StepExpected(ulong states, int? @event)
    {
        if (@event is not int e)
        {
            return Step(states, null);
        }

        ulong result = 0;
        foreach (int s in Bits(states))
        {
            if (_steps.TryGetValue((s, e), out var step))
            {
                result |= step.Targets;
            }
        }

        return result == 0 ? states : result;
    }

    /// <summary><paramref name="states"/> and every status timers can reach from them.</summary>
    public ulong WithTimers(ulong states)
    {
        ulong result = states & States;
        ulong previous;
        do
        {
            previous = result;
            foreach (int s in Bits(result))
            {
                result |= _timerTargets[s];
            }
        }
        while (result != previous);

        return result;
    }

    /// <summary>Events with a transition from every status in <paramref name="states"/>, in declaration order.</summary>
    public IReadOnlyList<string> EventsLegalInAll(ulong states) =>
        Enumerable.Range(0, Events.Count).Where(e => states != 0 && Bits(states).All(s => Allows(s, e))).Select(e => Events.Names[e]).ToList();

    /// <summary>Events with a transition from some status in <paramref name="states"/>, in declaration order.</summary>
    public IReadOnlyList<string> EventsLegalInAny(ulong states) =>
        Enumerable.Range(0, Events.Count).Where(e => Bits(states).Any(s => Allows(s, e))).Select(e => Events.Names[e]).ToList();

    public static IEnumerable<int> Bits(ulong mask)
    {
        for (int i = 0; i < 64; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                yield return i;
            }
        }
    }
}

/// <summary>The members of a status or event enum, by declaration order, name and constant value.</summary>
internal sealed class EnumMembers
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _byValue = new();

    private EnumMembers(INamedTypeSymbol type, List<IFieldSymbol> fields)
    {
        Type = type;
        Names = fields.Select(f => f.Name).ToList();
        for (int i = 0; i < fields.Count; i++)
        {
            _byName[fields[i].Name] = i;
            long value = Convert.ToInt64(fields[i].ConstantValue, System.Globalization.CultureInfo.InvariantCulture);
            if (!_byValue.ContainsKey(value))
            {
                _byValue[value] = i;
            }
        }
    }

    public INamedTypeSymbol Type { get; }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>Every member: a set of statuses meaning "any".</summary>
    public ulong All => Count == 64 ? ulong.MaxValue : (1UL << Count) - 1;

    /// <summary>Reads an enum; null when it has more members than a mask holds.</summary>
    public static EnumMembers? From(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } named)
        {
            return null;
        }

        var fields = named.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToList();
        return fields.Count is > 0 and <= 64 ? new EnumMembers(named, fields) : null;
    }

    public int? BitOf(string name) => _byName.TryGetValue(name, out int bit) ? bit : null;

    public int? BitOfValue(object? constant) =>
        constant is not null && _byValue.TryGetValue(Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture), out int bit) ? bit : null;

    public string Describe(ulong mask) => string.Join(", ", LifecycleInfo.Bits(mask).Where(b => b < Count).Select(b => Names[b]));
}
