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
            E.OptOut => (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Consent => e switch
        {
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.CustomerMessage => (int)S.Waiting,
            E.OptOut => (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Active => EnhancedActive(e, o.CapacityModel),
        S.Inactive => EnhancedInactive(e, o.CapacityModel),
        _ => -1,
    };

    public static int EnhancedBusinessInitiated(S s, E e, in SessionDsl.Messaging.EnhancedBusinessInitiated.Options o) => s switch
    {
        S.New => e switch
        {
            E.OpeningMessage => o.Channel != MessagingChannel.WebChat ? (int)S.Waiting : -1,
            E.AutomatedNotification => o.KeepOpen ? (int)S.Waiting : (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Waiting => e switch
        {
            E.CustomerMessage or E.Accept => (int)S.Active,
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.OptOut => (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Consent => e switch
        {
            E.ConsentKeywordsOnly => (int)S.Consent,
            E.CustomerMessage => (int)S.Active,
            E.OptOut => (int)S.Ended,
            E.RecordFailure => (int)S.Error,
            _ => -1,
        },
        S.Active => EnhancedActive(e, o.CapacityModel),
        S.Inactive => EnhancedInactive(e, o.CapacityModel),
        _ => -1,
    };

    public static int StandardCustomerInitiated(S s, E e, in SessionDsl.Messaging.StandardCustomerInitiated.Options o) => s switch
    {
        S.Waiting => e switch
        {
            E.Accept => (int)S.Active,
            E.CustomerMessage => (int)S.Waiting,
            E.OptOut => (int)S.Ended,
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
            E.AutomatedNotification => (int)S.Ended,
            _ => -1,
        },
        S.Waiting => e switch
        {
            E.CustomerMessage or E.Accept => (int)S.Active,
            E.OptOut => (int)S.Ended,
            _ => -1,
        },
        S.Active => StandardActive(e, o.CapacityModel),
        _ => -1,
    };

    private static int EnhancedActive(E e, CapacityModel capacity) => e switch
    {
        E.Transfer => (int)S.Waiting,
        E.RepOffline => capacity == CapacityModel.TabBased ? (int)S.Waiting : -1,
        E.RepMessage or E.CustomerMessage => (int)S.Active,
        E.MarkInactive => (int)S.Inactive,
        E.CloseNoCustomerResponse => capacity == CapacityModel.TabBased ? (int)S.Inactive : -1,
        E.EndChat or E.OptOut => (int)S.Ended,
        E.RecordFailure => (int)S.Error,
        _ => -1,
    };

    private static int EnhancedInactive(E e, CapacityModel capacity) => e switch
    {
        E.CustomerMessage => capacity == CapacityModel.TabBased ? (int)S.Waiting : (int)S.Active,
        E.OptOut => (int)S.Ended,
        E.RecordFailure => (int)S.Error,
        _ => -1,
    };

    private static int StandardActive(E e, CapacityModel capacity) => e switch
    {
        E.Transfer => (int)S.Waiting,
        E.RepOffline => capacity == CapacityModel.TabBased ? (int)S.Waiting : -1,
        E.RepMessage or E.CustomerMessage => (int)S.Active,
        E.EndChat or E.OptOut => (int)S.Ended,
        _ => -1,
    };
}
