using SessionDsl.Messaging;
using Stateless;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Benchmarks;

/// <summary>
/// The four lifecycles configured for Stateless 5.20, the library a .NET team would otherwise reach for. Guards read
/// the same options the generated code reads. Illegal events are rejected through <c>OnUnhandledTrigger</c>, so no
/// exception is thrown; <see cref="Rejected"/> says whether the last <c>Fire</c> was refused.
/// </summary>
internal sealed class StatelessLifecycle
{
    private readonly Action<StateMachine<S, E>> _configure;

    private StatelessLifecycle(S initial, Action<StateMachine<S, E>> configure)
    {
        Initial = initial;
        _configure = configure;
    }

    public S Initial { get; }

    public bool Rejected { get; private set; }

    /// <summary>A machine that keeps its own state: one per session.</summary>
    public StateMachine<S, E> NewMachine()
    {
        var machine = new StateMachine<S, E>(Initial);
        Configure(machine);
        return machine;
    }

    /// <summary>One machine for many sessions, reading and writing the current session's status through accessors.</summary>
    public StateMachine<S, E> SharedMachine(Func<S> read, Action<S> write)
    {
        var machine = new StateMachine<S, E>(read, write);
        Configure(machine);
        return machine;
    }

    /// <summary>Fires <paramref name="event"/>; true when a transition was taken.</summary>
    public bool Fire(StateMachine<S, E> machine, E @event)
    {
        Rejected = false;
        machine.Fire(@event);
        return !Rejected;
    }

    private void Configure(StateMachine<S, E> machine)
    {
        machine.OnUnhandledTrigger((_, _) => Rejected = true);
        _configure(machine);
    }

    public static StatelessLifecycle EnhancedCustomerInitiated(EnhancedCustomerInitiated.Options o) => new(S.Waiting, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        bool customerCanEnd = CustomerCanEnd(o.Channel);
        ConfigureEnhancedOpen(m.Configure(S.Waiting), customerCanEnd)
            .Permit(E.Accept, S.Active).PermitReentry(E.CustomerMessage);
        ConfigureEnhancedOpen(m.Configure(S.Consent), customerCanEnd)
            .PermitReentry(E.ConsentKeywordsOnly).Permit(E.CustomerMessage, S.Waiting);
        ConfigureEnhancedActiveAndInactive(m, tabBased, customerCanEnd);
    });

    public static StatelessLifecycle EnhancedBusinessInitiated(EnhancedBusinessInitiated.Options o) => new(S.New, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        bool webChat = o.Channel == MessagingChannel.WebChat;
        bool keepOpen = o.KeepOpen;
        bool customerCanEnd = CustomerCanEnd(o.Channel);
        m.Configure(S.New)
            .PermitReentryIf(E.OpeningMessage, () => !webChat)
            .PermitIf(E.AutomatedNotification, S.Ended, () => !keepOpen)
            .PermitReentryIf(E.AutomatedNotification, () => keepOpen)
            .PermitIf(E.CustomerMessage, S.Active, () => !tabBased)
            .PermitIf(E.CustomerMessage, S.Ended, () => tabBased)
            .Permit(E.ConsentKeywordsOnly, S.Consent)
            .Permit(E.EndSession, S.Ended).Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        ConfigureEnhancedOpen(m.Configure(S.Waiting), customerCanEnd)
            .PermitReentry(E.CustomerMessage).Permit(E.Accept, S.Active);
        ConfigureEnhancedOpen(m.Configure(S.Consent), customerCanEnd)
            .PermitReentry(E.ConsentKeywordsOnly)
            .PermitIf(E.CustomerMessage, S.Active, () => !tabBased)
            .PermitIf(E.CustomerMessage, S.Ended, () => tabBased);
        ConfigureEnhancedActiveAndInactive(m, tabBased, customerCanEnd);
    });

    public static StatelessLifecycle StandardCustomerInitiated(StandardCustomerInitiated.Options o) => new(S.Waiting, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        m.Configure(S.Waiting)
            .Permit(E.Accept, S.Active).PermitReentry(E.CustomerMessage).Permit(E.OptOut, S.Ended).Permit(E.EndSession, S.Ended);
        ConfigureStandardActive(m, tabBased);
    });

    public static StatelessLifecycle StandardBusinessInitiated(StandardBusinessInitiated.Options o) => new(S.New, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        m.Configure(S.New)
            .Permit(E.OpeningMessage, S.Waiting).Permit(E.AutomatedNotification, S.Ended).Permit(E.EndSession, S.Ended);
        m.Configure(S.Waiting)
            .Permit(E.CustomerMessage, S.Active).Permit(E.Accept, S.Active).Permit(E.OptOut, S.Ended).Permit(E.EndSession, S.Ended);
        ConfigureStandardActive(m, tabBased);
    });

    private static bool CustomerCanEnd(MessagingChannel channel) =>
        channel is MessagingChannel.InAppChat or MessagingChannel.WebChat or MessagingChannel.BringYourOwnChannel;

    // What every open status of an enhanced lifecycle allows.
    private static StateMachine<S, E>.StateConfiguration ConfigureEnhancedOpen(StateMachine<S, E>.StateConfiguration state, bool customerCanEnd) =>
        state.Permit(E.OptOut, S.Ended).Permit(E.EndSession, S.Ended).Permit(E.RecordFailure, S.Error)
            .PermitIf(E.CustomerEndSession, S.Ended, () => customerCanEnd);

    private static void ConfigureEnhancedActiveAndInactive(StateMachine<S, E> m, bool tabBased, bool customerCanEnd)
    {
        ConfigureEnhancedOpen(m.Configure(S.Active), customerCanEnd)
            .Permit(E.Transfer, S.Waiting)
            .PermitIf(E.RepOffline, S.Waiting, () => tabBased)
            .PermitReentryIf(E.RepOffline, () => !tabBased)
            .PermitReentry(E.RepMessage).PermitReentry(E.CustomerMessage).PermitReentry(E.BotMessage)
            .Permit(E.MarkInactive, S.Inactive)
            .PermitIf(E.CloseNoCustomerResponse, S.Inactive, () => tabBased)
            .Permit(E.EndChat, S.Ended).Permit(E.BotEndSession, S.Ended);
        ConfigureEnhancedOpen(m.Configure(S.Inactive), customerCanEnd)
            .PermitIf(E.CustomerMessage, S.Waiting, () => tabBased)
            .PermitIf(E.CustomerMessage, S.Active, () => !tabBased);
    }

    private static void ConfigureStandardActive(StateMachine<S, E> m, bool tabBased)
    {
        m.Configure(S.Active)
            .Permit(E.Transfer, S.Waiting)
            .PermitIf(E.RepOffline, S.Waiting, () => tabBased)
            .PermitReentryIf(E.RepOffline, () => !tabBased)
            .PermitReentry(E.RepMessage).PermitReentry(E.CustomerMessage).PermitReentry(E.BotMessage)
            .Permit(E.EndChat, S.Ended).Permit(E.OptOut, S.Ended).Permit(E.EndSession, S.Ended);
    }
}
