using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using SessionDsl.Messaging;
using Stateless;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Benchmarks;

/// <summary>
/// Transitions per event over the four default lifecycles, each replaying the same pre-generated stream
/// (<see cref="Workload"/>): 4 x 1,024 events, about 10% of them illegal. Times are per event.
/// The baseline is the practical limit: a hand-written flat table of next states. Every implementation's loop over
/// one lifecycle's stream is its own method, kept out of line, so that each is compiled (and its registers allocated)
/// as a caller's loop would be, rather than four loops competing for registers in one method.
/// </summary>
[MemoryDiagnoser]
public class TransitionBenchmarks
{
    private Workload _workload = null!;
    private FlatTable _eciTable = null!, _ebiTable = null!, _sciTable = null!, _sbiTable = null!;
    private StatelessLifecycle _eciStateless = null!, _ebiStateless = null!, _sciStateless = null!, _sbiStateless = null!;
    private StateMachine<S, E> _eciShared = null!, _ebiShared = null!, _sciShared = null!, _sbiShared = null!;
    private S _sharedStatus;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new Workload(seed: 2026);
        _eciTable = FlatTable.Build(S.Waiting, (s, e) => HandWritten.EnhancedCustomerInitiated(s, e, Workload.EciOptions));
        _ebiTable = FlatTable.Build(S.New, (s, e) => HandWritten.EnhancedBusinessInitiated(s, e, Workload.EbiOptions));
        _sciTable = FlatTable.Build(S.Waiting, (s, e) => HandWritten.StandardCustomerInitiated(s, e, Workload.SciOptions));
        _sbiTable = FlatTable.Build(S.New, (s, e) => HandWritten.StandardBusinessInitiated(s, e, Workload.SbiOptions));
        _eciStateless = StatelessLifecycle.EnhancedCustomerInitiated(Workload.EciOptions);
        _ebiStateless = StatelessLifecycle.EnhancedBusinessInitiated(Workload.EbiOptions);
        _sciStateless = StatelessLifecycle.StandardCustomerInitiated(Workload.SciOptions);
        _sbiStateless = StatelessLifecycle.StandardBusinessInitiated(Workload.SbiOptions);
        _eciShared = _eciStateless.SharedMachine(() => _sharedStatus, s => _sharedStatus = s);
        _ebiShared = _ebiStateless.SharedMachine(() => _sharedStatus, s => _sharedStatus = s);
        _sciShared = _sciStateless.SharedMachine(() => _sharedStatus, s => _sharedStatus = s);
        _sbiShared = _sbiStateless.SharedMachine(() => _sharedStatus, s => _sharedStatus = s);

        // Every pure implementation must take the same transitions, or the comparison means nothing.
        _workload.Verify(
            ("generated Fire", RunGeneratedFire),
            ("flat table", RunFlatTable),
            ("switch", RunSwitch),
            ("Stateless, shared machine", RunStatelessShared),
            ("Stateless, machine per session", RunStatelessPerSession));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.TotalEvents, Description = "Hand-written flat table")]
    public int FlatTableLookup() => Sum(RunFlatTable());

    [Benchmark(OperationsPerInvoke = Workload.TotalEvents, Description = "Hand-written switch")]
    public int HandWrittenSwitch() => Sum(RunSwitch());

    [Benchmark(OperationsPerInvoke = Workload.TotalEvents, Description = "Generated Fire (pure)")]
    public int GeneratedFire() => Sum(RunGeneratedFire());

    [Benchmark(OperationsPerInvoke = Workload.TotalEvents, Description = "Generated Apply (stateful, timers)")]
    public int GeneratedApply() => Sum(RunGeneratedApply());

    [Benchmark(OperationsPerInvoke = Workload.TotalEvents, Description = "Stateless, shared machine")]
    public int StatelessShared() => Sum(RunStatelessShared());

    [Benchmark(OperationsPerInvoke = Workload.TotalEvents, Description = "Stateless, machine per session")]
    public int StatelessPerSession() => Sum(RunStatelessPerSession());

    private static int Sum((int Applied, int Checksum) result) => result.Applied + result.Checksum;

    private (int, int) RunFlatTable() => Add(
        Flat(_eciTable, _workload.Eci), Flat(_ebiTable, _workload.Ebi), Flat(_sciTable, _workload.Sci), Flat(_sbiTable, _workload.Sbi));

    private (int, int) RunSwitch() => Add(
        Switch(new EciSwitch(), S.Waiting, _workload.Eci),
        Switch(new EbiSwitch(), S.New, _workload.Ebi),
        Switch(new SciSwitch(), S.Waiting, _workload.Sci),
        Switch(new SbiSwitch(), S.New, _workload.Sbi));

    private (int, int) RunGeneratedFire() => Add(
        Fire<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(_workload.Eci, Workload.EciOptions),
        Fire<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(_workload.Ebi, Workload.EbiOptions),
        Fire<StandardCustomerInitiated, StandardCustomerInitiated.Options>(_workload.Sci, Workload.SciOptions),
        Fire<StandardBusinessInitiated, StandardBusinessInitiated.Options>(_workload.Sbi, Workload.SbiOptions));

    private (int, int) RunGeneratedApply() => Add(
        Apply<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(_workload.Eci, _workload.Times, Workload.EciOptions),
        Apply<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(_workload.Ebi, _workload.Times, Workload.EbiOptions),
        Apply<StandardCustomerInitiated, StandardCustomerInitiated.Options>(_workload.Sci, _workload.Times, Workload.SciOptions),
        Apply<StandardBusinessInitiated, StandardBusinessInitiated.Options>(_workload.Sbi, _workload.Times, Workload.SbiOptions));

    private (int, int) RunStatelessShared() => Add(
        Shared(_eciStateless, _eciShared, _workload.Eci),
        Shared(_ebiStateless, _ebiShared, _workload.Ebi),
        Shared(_sciStateless, _sciShared, _workload.Sci),
        Shared(_sbiStateless, _sbiShared, _workload.Sbi));

    private (int, int) RunStatelessPerSession() => Add(
        PerSession(_eciStateless, _workload.Eci),
        PerSession(_ebiStateless, _workload.Ebi),
        PerSession(_sciStateless, _workload.Sci),
        PerSession(_sbiStateless, _workload.Sbi));

    private static (int, int) Add((int A, int C) a, (int A, int C) b, (int A, int C) c, (int A, int C) d) =>
        (a.A + b.A + c.A + d.A, a.C + (b.C << 3) + (c.C << 6) + (d.C << 9));

    private static bool IsFinal(S status) => status is S.Ended or S.Error;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int, int) Flat(FlatTable table, E[] events)
    {
        byte[] next = table.Next;
        bool[] final = table.Final;
        int initial = table.Initial;
        int status = initial;
        int applied = 0;
        foreach (E e in events)
        {
            int target = next[(status * FlatTable.EventCount) + (int)e];
            if (target != FlatTable.Illegal)
            {
                applied++;
                status = final[target] ? initial : target;
            }
        }

        return (applied, status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int, int) Switch<TSwitch>(TSwitch lifecycle, S initial, E[] events)
        where TSwitch : struct, IHandWrittenSwitch
    {
        S status = initial;
        int applied = 0;
        foreach (E e in events)
        {
            int target = lifecycle.Next(status, e);
            if (target >= 0)
            {
                applied++;
                status = IsFinal((S)target) ? initial : (S)target;
            }
        }

        return (applied, (int)status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int, int) Fire<TL, TO>(E[] events, in TO options)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        S initial = TL.DefaultInitialStatus;
        S status = initial;
        int applied = 0;
        foreach (E e in events)
        {
            var result = TL.Fire(status, e, in options);
            if (result.IsApplied)
            {
                applied++;
                status = TL.IsFinal(result.To) ? initial : result.To;
            }
        }

        return (applied, (int)status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int, int) Apply<TL, TO>(E[] events, DateTimeOffset[] times, in TO options)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        S initial = TL.DefaultInitialStatus;
        var session = TL.Start(initial, times[0]);
        var observer = default(NoTimerObserver<S>);
        int applied = 0;
        for (int i = 0; i < events.Length; i++)
        {
            // The clock readings are precomputed, so the loop measures Apply rather than DateTimeOffset arithmetic.
            DateTimeOffset now = times[i];
            if (TL.Apply(ref session, events[i], now, in options, ref observer).IsApplied)
            {
                applied++;
            }

            if (TL.IsFinal(session.Status))
            {
                session = TL.Start(initial, now);
            }
        }

        return (applied, (int)session.Status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (int, int) Shared(StatelessLifecycle lifecycle, StateMachine<S, E> machine, E[] events)
    {
        _sharedStatus = lifecycle.Initial;
        int applied = 0;
        foreach (E e in events)
        {
            if (lifecycle.Fire(machine, e))
            {
                applied++;
                if (IsFinal(_sharedStatus))
                {
                    _sharedStatus = lifecycle.Initial;
                }
            }
        }

        return (applied, (int)_sharedStatus);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int, int) PerSession(StatelessLifecycle lifecycle, E[] events)
    {
        var machine = lifecycle.NewMachine();
        int applied = 0;
        foreach (E e in events)
        {
            if (lifecycle.Fire(machine, e))
            {
                applied++;
                if (IsFinal(machine.State))
                {
                    machine = lifecycle.NewMachine();
                }
            }
        }

        return (applied, (int)machine.State);
    }

    private interface IHandWrittenSwitch
    {
        int Next(S status, E e);
    }

    private readonly struct EciSwitch : IHandWrittenSwitch
    {
        public int Next(S status, E e) => HandWritten.EnhancedCustomerInitiated(status, e, Workload.EciOptions);
    }

    private readonly struct EbiSwitch : IHandWrittenSwitch
    {
        public int Next(S status, E e) => HandWritten.EnhancedBusinessInitiated(status, e, Workload.EbiOptions);
    }

    private readonly struct SciSwitch : IHandWrittenSwitch
    {
        public int Next(S status, E e) => HandWritten.StandardCustomerInitiated(status, e, Workload.SciOptions);
    }

    private readonly struct SbiSwitch : IHandWrittenSwitch
    {
        public int Next(S status, E e) => HandWritten.StandardBusinessInitiated(status, e, Workload.SbiOptions);
    }
}

/// <summary>A hand-written flat table of next states for one lifecycle under fixed options: the practical limit.</summary>
internal sealed class FlatTable
{
    public const int Illegal = 0xFF;
    public static readonly int StatusCount = Enum.GetValues<S>().Length;
    public static readonly int EventCount = Enum.GetValues<E>().Length;

    private FlatTable(int initial, byte[] next, bool[] final)
    {
        Initial = initial;
        Next = next;
        Final = final;
    }

    public int Initial { get; }

    public byte[] Next { get; }

    public bool[] Final { get; }

    public static FlatTable Build(S initial, Func<S, E, int> next)
    {
        var table = new byte[StatusCount * EventCount];
        for (int s = 0; s < StatusCount; s++)
        {
            for (int e = 0; e < EventCount; e++)
            {
                int target = next((S)s, (E)e);
                table[(s * EventCount) + e] = target < 0 ? (byte)Illegal : (byte)target;
            }
        }

        bool[] final = Enumerable.Range(0, StatusCount).Select(s => (S)s is S.Ended or S.Error).ToArray();
        return new FlatTable((int)initial, table, final);
    }
}
