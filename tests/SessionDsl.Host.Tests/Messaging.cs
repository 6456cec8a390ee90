using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Messaging;

namespace SessionDsl.Host.Tests;

/// <summary>
/// The messaging-session configuration of the host, where the generated enums are visible: the rules of the seed
/// article stated over MessagingSessionStatus and MessagingChannel, and the four lifecycles with a few options each.
/// </summary>
internal static class Messaging
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static SessionHostRules<MessagingSessionStatus, MessagingChannel> Rules { get; } = new(
        closedStatuses: [MessagingSessionStatus.Ended, MessagingSessionStatus.Error],
        deletableStatuses: [MessagingSessionStatus.Ended, MessagingSessionStatus.Error],
        failureStatuses: [MessagingSessionStatus.Error],
        channelsRepsCannotInitiate: [MessagingChannel.WebChat]);

    public static readonly EnhancedCustomerInitiated.Options[] EnhancedCustomerOptions =
    [
        new() { InactivityTimeout = TimeSpan.FromMinutes(10) },
        new() { CapacityModel = CapacityModel.StatusBased, InactivityTimeout = TimeSpan.FromMinutes(5) },
        new() { InactivityTimeout = null },
        new() { InactivityTimeout = TimeSpan.FromMinutes(30) },
    ];

    public static readonly EnhancedBusinessInitiated.Options[] EnhancedBusinessOptions =
    [
        new() { InactivityTimeout = TimeSpan.FromMinutes(10) },
        new() { KeepOpen = true, InactivityTimeout = TimeSpan.FromMinutes(5) },
        new() { CapacityModel = CapacityModel.StatusBased },
        new() { Channel = MessagingChannel.WebChat, InactivityTimeout = TimeSpan.FromMinutes(30) },
    ];

    public static readonly StandardCustomerInitiated.Options[] StandardCustomerOptions = [new(), new() { CapacityModel = CapacityModel.StatusBased }];

    public static readonly StandardBusinessInitiated.Options[] StandardBusinessOptions = [new(), new() { CapacityModel = CapacityModel.StatusBased }];

    public sealed class Fixture : IDisposable
    {
        public Fixture(TimeProvider? time = null, TimeSpan? tick = null)
        {
            Time = time ?? new FakeTimeProvider(Start);
            Host = new(Time, Rules, Changes, tick, capacity: 16);
            EnhancedCustomer = Host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(EnhancedCustomerOptions, o => o.TryValidate(out string? e) ? null : e);
            EnhancedBusiness = Host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(EnhancedBusinessOptions, o => o.TryValidate(out string? e) ? null : e);
            StandardCustomer = Host.Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>(StandardCustomerOptions, o => o.TryValidate(out string? e) ? null : e);
            StandardBusiness = Host.Register<StandardBusinessInitiated, StandardBusinessInitiated.Options>(StandardBusinessOptions, o => o.TryValidate(out string? e) ? null : e);
        }

        public TimeProvider Time { get; }

        public FakeTimeProvider Fake => (FakeTimeProvider)Time;

        public Recorder Changes { get; } = new();

        public SessionHost<MessagingSessionStatus, MessagingSessionEvent, MessagingChannel> Host { get; }

        public LifecycleKey EnhancedCustomer { get; }

        public LifecycleKey EnhancedBusiness { get; }

        public LifecycleKey StandardCustomer { get; }

        public LifecycleKey StandardBusiness { get; }

        public SessionId StartCustomer(long user, int options = 0, MessagingChannel channel = MessagingChannel.WhatsApp) =>
            Host.Start(user, channel, EnhancedCustomer, options, SessionInitiator.Customer).OrThrow().Session;

        public SessionId StartRep(long user, int options = 0, MessagingChannel channel = MessagingChannel.WhatsApp) =>
            Host.Start(user, channel, EnhancedBusiness, options, SessionInitiator.Rep).OrThrow().Session;

        public MessagingSessionStatus Status(SessionId id) => Host.Get(id).Status;

        public void Apply(SessionId id, params MessagingSessionEvent[] events)
        {
            foreach (MessagingSessionEvent e in events)
            {
                Host.Apply(id, e).OrThrow();
            }
        }

        public void Dispose() => Host.Dispose();
    }

    /// <summary>Keeps every change the host publishes.</summary>
    public sealed class Recorder : ISessionHostObserver<MessagingSessionStatus, MessagingSessionEvent>
    {
        public List<SessionChange<MessagingSessionStatus, MessagingSessionEvent>> All { get; } = [];

        public IEnumerable<SessionChange<MessagingSessionStatus, MessagingSessionEvent>> Timers => All.Where(c => c.Kind == SessionChangeKind.TimerFired);

        public void OnChange(in SessionChange<MessagingSessionStatus, MessagingSessionEvent> change) => All.Add(change);
    }

    /// <summary>A clock a test sets by hand, backwards too (FakeTimeProvider refuses to go back).</summary>
    public sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
