using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// The host against a model: for random event streams over random sessions and random clock moves, the host's statuses
/// and fired timers equal those from calling the generated functions on each session alone, in time order.
/// </summary>
public class HostModelPropertyTests
{
    private enum OpKind
    {
        Start,
        Event,
        Advance,
        Delete,
    }

    private readonly record struct Op(OpKind Kind, int Pick, int Lifecycle, int Options, E Event, long DeltaTicks);

    private static readonly Gen<long> Delta = Gen.Frequency(
        (3, Gen.Long[0, TimeSpan.TicksPerMinute * 40]),
        (1, Gen.Const(0L)),
        (1, Gen.Long[0, TimeSpan.TicksPerDay * 4]),
        (1, Gen.OneOfConst(TimeSpan.FromMinutes(5).Ticks, TimeSpan.FromMinutes(10).Ticks, TimeSpan.FromHours(30).Ticks, TimeSpan.FromHours(48).Ticks)));

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (2, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], (l, o) => new Op(OpKind.Start, 0, l, o, default, 0))),
        (8, Gen.Select(Gen.Int[0, 1000], Gen.Enum<E>(), (p, e) => new Op(OpKind.Event, p, 0, 0, e, 0))),
        (3, Delta.Select(d => new Op(OpKind.Advance, 0, 0, 0, default, d))),
        (1, Gen.Int[0, 1000].Select(p => new Op(OpKind.Delete, p, 0, 0, default, 0))));

    private static readonly Gen<(Op[] Ops, int TickIndex)> Scenario = Gen.Select(OpGen.Array[1, 120], Gen.Int[0, 2]);

    private static readonly TimeSpan[] Ticks = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(1)];

    [Fact]
    public void Random_streams_on_a_fake_clock_give_the_statuses_and_timers_of_the_generated_functions_applied_one_session_at_a_time()
    {
        Scenario.Sample(s => Run(s.Ops, Ticks[s.TickIndex], backwards: false), iter: 300, threads: 1);
    }

    [Fact]
    public void Random_streams_on_a_clock_that_also_runs_backwards_give_the_same_as_the_generated_functions()
    {
        Gen<(Op[] Ops, int TickIndex, long[] Back)> scenario = Gen.Select(OpGen.Array[1, 120], Gen.Int[0, 2], Gen.Long[0, TimeSpan.TicksPerHour].Array[120]);
        scenario.Sample(s => Run(s.Ops, Ticks[s.TickIndex], backwards: true, s.Back), iter: 200, threads: 1);
    }

    [Fact]
    public void With_few_sessions_the_scanned_deadlines_give_the_same_as_the_generated_functions()
    {
        // FewSessions (a partition's grain) keeps deadlines in a scanned array instead of the wheel: same model, same
        // answers, also on a clock that runs backwards; capacity starts at 2, so the array grows on the way.
        Gen<(Op[] Ops, int TickIndex, long[] Back)> scenario = Gen.Select(OpGen.Array[1, 120], Gen.Int[0, 2], Gen.Long[0, TimeSpan.TicksPerHour].Array[120]);
        scenario.Sample(s => Run(s.Ops, Ticks[s.TickIndex], backwards: true, s.Back, fewSessions: true), iter: 200, threads: 1);
    }

    private static void Run(Op[] ops, TimeSpan tick, bool backwards, long[]? back = null, bool fewSessions = false)
    {
        TimeProvider clock = backwards ? new Messaging.ManualClock(Messaging.Start) : new FakeTimeProvider(Messaging.Start);
        using var f = new Messaging.Fixture(clock, tick, fewSessions: fewSessions);
        var model = new List<ModelSession>();
        var modelTimers = new List<(string Session, string Timer, long Due)>();
        long now = Messaging.Start.UtcTicks;
        int hostTimersSeen = 0;

        for (int step = 0; step < ops.Length; step++)
        {
            Op op = ops[step];
            switch (op.Kind)
            {
                case OpKind.Start:
                {
                    int options = op.Options % OptionsCount(op.Lifecycle);
                    var session = new ModelSession($"s{model.Count}", op.Lifecycle, options);

                    // One partition per session: the rules across sessions are tested on their own.
                    HostResult<string, S, E> started = op.Lifecycle switch
                    {
                        0 => f.Host.Start(session.Id, session.Id, f.EnhancedCustomer, in EnhancedCustomerOptions[options]),
                        1 => f.Host.Start(session.Id, session.Id, f.EnhancedBusiness, in EnhancedBusinessOptions[options]),
                        2 => f.Host.Start(session.Id, session.Id, f.StandardCustomer, in StandardCustomerOptions[options]),
                        _ => f.Host.Start(session.Id, session.Id, f.StandardBusiness, in StandardBusinessOptions[options]),
                    };
                    Assert.Equal(HostOutcome.Started, started.Outcome);
                    session.State = ModelStart(op.Lifecycle, new DateTimeOffset(now, TimeSpan.Zero));
                    model.Add(session);
                    break;
                }

                case OpKind.Event when model.Count > 0:
                {
                    ModelSession session = model[op.Pick % model.Count];
                    HostResult<string, S, E> result = f.Host.Apply(session.Id, op.Event);
                    if (session.Deleted)
                    {
                        Assert.Equal(HostOutcome.UnknownSession, result.Outcome);
                        break;
                    }

                    var observer = new ModelObserver(modelTimers, session);
                    TransitionResult<S, E> expected = ModelApply(session, op.Event, new DateTimeOffset(now, TimeSpan.Zero), ref observer);
                    Assert.Equal(expected, result.Transition);
                    Assert.Equal(expected.IsApplied ? HostOutcome.Applied : HostOutcome.EventRefused, result.Outcome);
                    break;
                }

                case OpKind.Advance:
                {
                    if (backwards && back is not null && back[step] % 3 == 0)
                    {
                        now -= back[step]; // a clock that runs back, by up to an hour
                    }
                    else
                    {
                        now += op.DeltaTicks;
                    }

                    if (clock is FakeTimeProvider fake)
                    {
                        fake.SetUtcNow(new DateTimeOffset(now, TimeSpan.Zero));
                    }
                    else
                    {
                        ((Messaging.ManualClock)clock).Now = new DateTimeOffset(now, TimeSpan.Zero);
                    }

                    f.Host.Advance();
                    foreach (ModelSession session in model.Where(s => !s.Deleted))
                    {
                        var observer = new ModelObserver(modelTimers, session);
                        ModelAdvance(session, new DateTimeOffset(now, TimeSpan.Zero), ref observer);
                    }

                    // Within one Advance, the host fires across sessions in deadline order.
                    List<DateTimeOffset> dues = [.. f.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).Skip(hostTimersSeen).Select(c => c.At)];
                    Assert.Equal(dues.Order(), dues);
                    break;
                }

                case OpKind.Delete when model.Count > 0:
                {
                    ModelSession session = model[op.Pick % model.Count];
                    HostResult<string, S, E> result = f.Host.Delete(session.Id);
                    if (session.Deleted)
                    {
                        Assert.Equal(HostOutcome.UnknownSession, result.Outcome);
                        break;
                    }

                    // Delete brings the session up to date first, as Apply does.
                    var observer = new ModelObserver(modelTimers, session);
                    ModelAdvance(session, new DateTimeOffset(now, TimeSpan.Zero), ref observer);
                    if (session.State.Status is S.Ended or S.Error)
                    {
                        Assert.Equal(HostOutcome.Deleted, result.Outcome);
                        session.Deleted = true;
                    }
                    else
                    {
                        Assert.Equal(HostOutcome.RuleRefused, result.Outcome);
                        Assert.Equal("OnlyClosedSessionsCanBeDeleted", result.Rule?.Name);
                    }

                    break;
                }
            }

            foreach (ModelSession session in model.Where(s => !s.Deleted))
            {
                SessionView<string, string, S> view = f.Host.Get(session.Id);
                Assert.Equal(session.State.Status, view.Status);
                Assert.Equal(session.State.EnteredAtTicks, view.State.EnteredAtTicks);
                Assert.Equal(ModelNextDeadline(session), view.NextDeadline);
            }

            List<(string, string, long)> hostTimers = [.. f.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).Select(c => (c.Key, c.Timer!, c.At.UtcTicks))];
            hostTimersSeen = hostTimers.Count;
            Assert.Equal(
                modelTimers.OrderBy(t => t.Due).ThenBy(t => t.Session, StringComparer.Ordinal).ThenBy(t => t.Timer, StringComparer.Ordinal),
                hostTimers.OrderBy(t => t.Item3).ThenBy(t => t.Item1, StringComparer.Ordinal).ThenBy(t => t.Item2, StringComparer.Ordinal));
        }

        Assert.Equal(model.Count(s => !s.Deleted), f.Host.Count);
        Assert.Null(f.Host.CheckConsistency());
    }

    private static readonly EnhancedCustomerInitiated.Options[] EnhancedCustomerOptions =
    [
        new() { InactivityTimeout = TimeSpan.FromMinutes(10) },
        new() { CapacityModel = CapacityModel.StatusBased, InactivityTimeout = TimeSpan.FromMinutes(5) },
        new() { InactivityTimeout = null },
        new() { InactivityTimeout = TimeSpan.FromMinutes(30) },
    ];

    private static readonly EnhancedBusinessInitiated.Options[] EnhancedBusinessOptions =
    [
        new() { BotTimeout = TimeSpan.FromMinutes(10) },
        new() { KeepOpen = true, CapacityModel = CapacityModel.StatusBased, BotTimeout = TimeSpan.FromMinutes(5) },
        new() { CapacityModel = CapacityModel.StatusBased, InactiveExpiry = TimeSpan.FromHours(24) },
        new() { Channel = MessagingChannel.WebChat, BotTimeout = TimeSpan.FromMinutes(30) },
    ];

    private static readonly StandardCustomerInitiated.Options[] StandardCustomerOptions = [new(), new() { CapacityModel = CapacityModel.StatusBased }];

    private static readonly StandardBusinessInitiated.Options[] StandardBusinessOptions = [new(), new() { CapacityModel = CapacityModel.StatusBased }];

    private sealed class ModelSession(string id, int lifecycle, int options)
    {
        public string Id { get; } = id;

        public int Lifecycle { get; } = lifecycle;

        public int Options { get; } = options;

        public SessionState<S> State;

        public bool Deleted { get; set; }
    }

    private struct ModelObserver(List<(string, string, long)> fired, ModelSession session) : ITimerObserver<S>
    {
        public readonly void OnTimerFired(int timerIndex, S from, S to, long dueAtTicks) => fired.Add((session.Id, TimerName(session.Lifecycle, timerIndex), dueAtTicks));
    }

    private static string TimerName(int lifecycle, int timer) => lifecycle switch
    {
        0 => EnhancedCustomerInitiated.Description.Timers[timer].Name,
        1 => EnhancedBusinessInitiated.Description.Timers[timer].Name,
        2 => StandardCustomerInitiated.Description.Timers[timer].Name,
        _ => StandardBusinessInitiated.Description.Timers[timer].Name,
    };

    private static int OptionsCount(int lifecycle) => lifecycle switch
    {
        0 => EnhancedCustomerOptions.Length,
        1 => EnhancedBusinessOptions.Length,
        2 => StandardCustomerOptions.Length,
        _ => StandardBusinessOptions.Length,
    };

    private static SessionState<S> ModelStart(int lifecycle, DateTimeOffset now) => lifecycle switch
    {
        0 => EnhancedCustomerInitiated.Start(now),
        1 => EnhancedBusinessInitiated.Start(now),
        2 => StandardCustomerInitiated.Start(now),
        _ => StandardBusinessInitiated.Start(now),
    };

    private static TransitionResult<S, E> ModelApply(ModelSession s, E e, DateTimeOffset now, ref ModelObserver o) => s.Lifecycle switch
    {
        0 => EnhancedCustomerInitiated.Apply(ref s.State, e, now, in EnhancedCustomerOptions[s.Options], ref o),
        1 => EnhancedBusinessInitiated.Apply(ref s.State, e, now, in EnhancedBusinessOptions[s.Options], ref o),
        2 => StandardCustomerInitiated.Apply(ref s.State, e, now, in StandardCustomerOptions[s.Options], ref o),
        _ => StandardBusinessInitiated.Apply(ref s.State, e, now, in StandardBusinessOptions[s.Options], ref o),
    };

    private static int ModelAdvance(ModelSession s, DateTimeOffset now, ref ModelObserver o) => s.Lifecycle switch
    {
        0 => EnhancedCustomerInitiated.Advance(ref s.State, now, in EnhancedCustomerOptions[s.Options], ref o),
        1 => EnhancedBusinessInitiated.Advance(ref s.State, now, in EnhancedBusinessOptions[s.Options], ref o),
        2 => StandardCustomerInitiated.Advance(ref s.State, now, in StandardCustomerOptions[s.Options], ref o),
        _ => StandardBusinessInitiated.Advance(ref s.State, now, in StandardBusinessOptions[s.Options], ref o),
    };

    private static DateTimeOffset? ModelNextDeadline(ModelSession s) => s.Lifecycle switch
    {
        0 => EnhancedCustomerInitiated.NextDeadline(in s.State, in EnhancedCustomerOptions[s.Options]),
        1 => EnhancedBusinessInitiated.NextDeadline(in s.State, in EnhancedBusinessOptions[s.Options]),
        2 => StandardCustomerInitiated.NextDeadline(in s.State, in StandardCustomerOptions[s.Options]),
        _ => StandardBusinessInitiated.NextDeadline(in s.State, in StandardBusinessOptions[s.Options]),
    };
}
