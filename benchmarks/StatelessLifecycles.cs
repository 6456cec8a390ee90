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
        m.Configure(S.Waiting)
            .Permit(E.Accept, S.Active).PermitReentry(E.CustomerMessage)
            .Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        m.Configure(S.Consent)
            .PermitReentry(E.ConsentKeywordsOnly).Permit(E.CustomerMessage, S.Waiting)
            .Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        ConfigureEnhancedActiveAndInactive(m, tabBased);
    });

    public static StatelessLifecycle EnhancedBusinessInitiated(EnhancedBusinessInitiated.Options o) => new(S.New, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        bool webChat = o.Channel == MessagingChannel.WebChat;
        bool keepOpen = o.KeepOpen;
        m.Configure(S.New)
            .PermitIf(E.OpeningMessage, S.Waiting, () => !webChat)
            .PermitIf(E.AutomatedNotification, S.Ended, () => !keepOpen)
            .PermitIf(E.AutomatedNotification, S.Waiting, () => keepOpen)
            .Permit(E.RecordFailure, S.Error);
        m.Configure(S.Waiting)
            .Permit(E.CustomerMessage, S.Active).Permit(E.Accept, S.Active).Permit(E.ConsentKeywordsOnly, S.Consent)
            .Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        m.Configure(S.Consent)
            .PermitReentry(E.ConsentKeywordsOnly).Permit(E.CustomerMessage, S.Active)
            .Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        ConfigureEnhancedActiveAndInactive(m, tabBased);
    });

    public static StatelessLifecycle StandardCustomerInitiated(StandardCustomerInitiated.Options o) => new(S.Waiting, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        m.Configure(S.Waiting)
            .Permit(E.Accept, S.Active).PermitReentry(E.CustomerMessage).Permit(E.OptOut, S.Ended);
        ConfigureStandardActive(m, tabBased);
    });

    public static StatelessLifecycle StandardBusinessInitiated(StandardBusinessInitiated.Options o) => new(S.New, m =>
    {
        bool tabBased = o.CapacityModel == CapacityModel.TabBased;
        m.Configure(S.New)
            .Permit(E.OpeningMessage, S.Waiting).Permit(E.AutomatedNotification, S.Ended);
        m.Configure(S.Waiting)
            .Permit(E.CustomerMessage, S.Active).Permit(E.Accept, S.Active).Permit(E.OptOut, S.Ended);
        ConfigureStandardActive(m, tabBased);
    });

    private static void ConfigureEnhancedActiveAndInactive(StateMachine<S, E> m, bool tabBased)
    {
        m.Configure(S.Active)
            .Permit(E.Transfer, S.Waiting)
            .PermitIf(E.RepOffline, S.Waiting, () => tabBased)
            .PermitReentry(E.RepMessage).PermitReentry(E.CustomerMessage)
            .Permit(E.MarkInactive, S.Inactive)
            .PermitIf(E.CloseNoCustomerResponse, S.Inactive, () => tabBased)
            .Permit(E.EndChat, S.Ended).Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
        m.Configure(S.Inactive)
            .PermitIf(E.CustomerMessage, S.Waiting, () => tabBased)
            .PermitIf(E.CustomerMessage, S.Active, () => !tabBased)
            .Permit(E.OptOut, S.Ended).Permit(E.RecordFailure, S.Error);
    }

    private static void ConfigureStandardActive(StateMachine<S, E> m, bool tabBased)
    {
        m.Configure(S.Active)
            .Permit(E.Transfer, S.Waiting)
            .PermitIf(E.RepOffline, S.Waiting, () => tabBased)
            .PermitReentry(E.RepMessage).PermitReentry(E.CustomerMessage)
            .Permit(E.EndChat, S.Ended).Permit(E.OptOut, S.Ended);
    }
}
