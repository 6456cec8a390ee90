using SessionDsl.Messaging;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Benchmarks;

/// <summary>
/// The four lifecycles written by hand as nested switches: what a developer would write without SessionDsl. Each
/// returns the target status, or -1 when the event is not permitted (or no guard holds). Written from the YAML, not
/// derived from the generated code; <see cref="Workload.Verify"/> checks that they agree.
/// </summary>
internal static class HandWritten
{
    public static int EnhancedCustomerInitiated(S s, E e, in SessionDsl.Messaging.EnhancedCustomerInitiated.Options o) => s switch
    {
        S.Waiting => e switch
        {
            E.Accept => (int)S.Active,
            E.CustomerMessage => (int)S.Waiting,
            _ => EnhancedAnyOpen(e, o.Channel),
        },
        S.Consent => e switch
        {
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.CustomerMessage => (int)S.Waiting,
            _ => EnhancedAnyOpen(e, o.Channel),
        },
        S.Active => EnhancedActive(e, o.CapacityModel, o.Channel),
        S.Inactive => EnhancedInactive(e, o.CapacityModel, o.Channel),
        _ => -1,
    };

    public static int EnhancedBusinessInitiated(S s, E e, in SessionDsl.Messaging.EnhancedBusinessInitiated.Options o) => s switch
    {
        S.New => e switch
        {
            E.OpeningMessage => o.Channel != MessagingChannel.WebChat ? (int)S.New : -1,
            E.AutomatedNotification => o.KeepOpen ? (int)S.New : (int)S.Ended,
            E.CustomerMessage => o.CapacityModel == CapacityModel.StatusBased ? (int)S.Active : (int)S.Ended,
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.EndSession or E.OptOut => (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Waiting => e switch
        {
            E.CustomerMessage => (int)S.Waiting,
            E.Accept => (int)S.Active,
            _ => EnhancedAnyOpen(e, o.Channel),
        },
        S.Consent => e switch
        {
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.CustomerMessage => o.CapacityModel == CapacityModel.StatusBased ? (int)S.Active : (int)S.Ended,
            _ => EnhancedAnyOpen(e, o.Channel),
        },
        S.Active => EnhancedActive(e, o.CapacityModel, o.Channel),
        S.Inactive => EnhancedInactive(e, o.CapacityModel, o.Channel),
        _ => -1,
    };

    public static int StandardCustomerInitiated(S s, E e, in SessionDsl.Messaging.StandardCustomerInitiated.Options o) => s switch
    {
        S.Waiting => e switch
        {
            E.Accept => (int)S.Active,
            E.CustomerMessage => (int)S.Waiting,
            E.OptOut or E.EndSession => (int)S.Ended,
            _ => -1,
        },
        S.Active => StandardActive(e, o.CapacityModel),
        _ => -1,
    };

    public static int StandardBusinessInitiated(S s, E e, in SessionDsl.Messaging.StandardBusinessInitiated.Options o) => s switch
    {
        S.New => e switch
        {
            E.OpeningMessage => (int)S.Waiting,
            E.AutomatedNotification or E.EndSession => (int)S.Ended,
            _ => -1,
        },
        S.Waiting => e switch
        {
            E.CustomerMessage or E.Accept => (int)S.Active,
            E.OptOut or E.EndSession => (int)S.Ended,
            _ => -1,
        },
        S.Active => StandardActive(e, o.CapacityModel),
        _ => -1,
    };

    // What every open status of an enhanced lifecycle allows: opting out, a record failure, a rep ending it from the
    // list view, and the customer ending it where the channel lets them.
    private static int EnhancedAnyOpen(E e, MessagingChannel channel) => e switch
    {
        E.OptOut or E.EndSession => (int)S.Ended,
        E.CustomerEndSession => channel is MessagingChannel.InAppChat or MessagingChannel.WebChat or MessagingChannel.BringYourOwnChannel ? (int)S.Ended : -1,
        E.RecordFailure => (int)S.Error,
        _ => -1,
    };

    private static int EnhancedActive(E e, CapacityModel capacity, MessagingChannel channel) => e switch
    {
        E.Transfer => (int)S.Waiting,
        E.RepOffline => capacity == CapacityModel.TabBased ? (int)S.Waiting : (int)S.Active,
        E.RepMessage or E.CustomerMessage or E.BotMessage => (int)S.Active,
        E.MarkInactive => (int)S.Inactive,
        E.CloseNoCustomerResponse => capacity == CapacityModel.TabBased ? (int)S.Inactive : -1,
        E.EndChat or E.BotEndSession => (int)S.Ended,
        _ => EnhancedAnyOpen(e, channel),
    };

    private static int EnhancedInactive(E e, CapacityModel capacity, MessagingChannel channel) => e switch
    {
        E.CustomerMessage => capacity == CapacityModel.TabBased ? (int)S.Waiting : (int)S.Active,
        _ => EnhancedAnyOpen(e, channel),
    };

    private static int StandardActive(E e, CapacityModel capacity) => e switch
    {
        E.Transfer => (int)S.Waiting,
        E.RepOffline => capacity == CapacityModel.TabBased ? (int)S.Waiting : (int)S.Active,
        E.RepMessage or E.CustomerMessage or E.BotMessage => (int)S.Active,
        E.EndChat or E.OptOut or E.EndSession => (int)S.Ended,
        _ => -1,
    };
}
