#if SESSIONDSL_LANGUAGE
namespace SessionDsl.Language.Runtime;
#else
namespace SessionDsl;
#endif

/// <summary>
/// What happened when an event was offered to a lifecycle. Also compiled into SessionDsl.Language, whose generated
/// tables hold these values.
/// </summary>
#if SESSIONDSL_LANGUAGE
internal
#else
public
#endif
enum TransitionOutcome : byte
{
    /// <summary>The default value of <c>TransitionResult</c>: nothing was attempted.</summary>
    None = 0,

    /// <summary>A transition was found and taken (it may lead back to the same status).</summary>
    Applied = 1,

    /// <summary>The lifecycle has no transition from the current status on this event.</summary>
    NotPermitted = 2,

    /// <summary>Transitions exist from the current status on this event, but none of their <c>when:</c> guards holds for the options given.</summary>
    GuardRejected = 3,

    /// <summary>The status value is not a member of the lifecycle's status type (for example an unchecked cast).</summary>
    UnknownStatus = 4,

    /// <summary>The event value is not a member of the lifecycle's event type (for example an unchecked cast).</summary>
    UnknownEvent = 5,
}
