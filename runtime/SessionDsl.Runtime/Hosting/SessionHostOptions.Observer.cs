namespace SessionDsl.Hosting;

// The observer hook: nested in the options, so that the runtime adds no type name a lifecycle could collide with
// (the generator refuses lifecycles named like the runtime's own types, SDSL0032).
public sealed partial class SessionHostOptions
{
    /// <summary>
    /// Watches what a session host does, for logs, metrics and traces: every call, every timer fired, every commit. Set it
    /// as <see cref="Observer"/>; the <c>SessionDsl.Extensions.Hosting</c> package has one that writes
    /// to <c>ILogger</c>, a <c>Meter</c> and an <c>ActivitySource</c>.
    /// </summary>
    /// <remarks>
    /// Calls and timers are reported under the host's lock, in the order they happen, so an observer must be quick and
    /// must not call the host. Commits under group commit are reported from the writer thread. An exception an observer
    /// throws is caught and dropped: it never reaches the host or its caller. Without an observer the host pays one field
    /// test a call.
    /// </remarks>
    public abstract class HostObserver
    {
        /// <summary>A <c>Start</c>, <c>Apply</c> or <c>Delete</c> returned or threw.</summary>
        public virtual void OnCall(in Call call)
        {
        }

        /// <summary>A timer fired (from the host's clock, an <c>Advance</c>, the catch-up when the host opens, or before a call's event).</summary>
        public virtual void OnTimerFired(in TimerFired timer)
        {
        }

        /// <summary>The host committed changes to its store, or failed to.</summary>
        public virtual void OnCommit(in Commit commit)
        {
        }

        /// <summary>Which call a <see cref="Call"/> reports.</summary>
        public enum CallKind : byte
        {
            /// <summary><c>Start</c>.</summary>
            Start = 0,

            /// <summary><c>Apply</c>.</summary>
            Apply = 1,

            /// <summary><c>Delete</c>.</summary>
            Delete = 2,
        }

        /// <summary>One call to a host, as an observer sees it.</summary>
        /// <param name="Kind">Start, Apply or Delete.</param>
        /// <param name="Lifecycle">The session's lifecycle by name; null when the key addresses no session or the handle is not the host's.</param>
        /// <param name="Key">The session's key as text.</param>
        /// <param name="Event">The event applied (for a start, its first event), by name; null for none.</param>
        /// <param name="Outcome">What the call did (<see cref="HostOutcome.None"/> when it threw).</param>
        /// <param name="Transition">The lifecycle's own outcome for the event: why the lifecycle refused it, for <see cref="HostOutcome.EventRefused"/>.</param>
        /// <param name="From">The status the call found (for an event: after the session's due timers fired); null when there was no session.</param>
        /// <param name="To">The status the call led to, for a call that started or moved a session; otherwise null.</param>
        /// <param name="Rule">The rule that refused or merged, by name; otherwise null.</param>
        /// <param name="Position">The feed position of the call's last change (0 for none).</param>
        /// <param name="Elapsed">How long the call took, its commit included (with per-call durability).</param>
        /// <param name="Error">What the call threw (a store that failed), or null.</param>
        public readonly record struct Call(
            CallKind Kind,
            string? Lifecycle,
            string Key,
            string? Event,
            HostOutcome Outcome,
            TransitionOutcome Transition,
            string? From,
            string? To,
            string? Rule,
            long Position,
            TimeSpan Elapsed,
            Exception? Error);

        /// <summary>One timer fired, as an observer sees it.</summary>
        /// <param name="Lifecycle">The session's lifecycle, by name.</param>
        /// <param name="Timer">The timer, by name.</param>
        /// <param name="Key">The session's key as text.</param>
        /// <param name="From">The status it left.</param>
        /// <param name="To">The status it entered.</param>
        /// <param name="Due">Its deadline: when the host says it fired.</param>
        /// <param name="Lateness">How long after its deadline the host fired it, on the host's clock (a catch-up after a restart shows here).</param>
        public readonly record struct TimerFired(
            string Lifecycle,
            string Timer,
            string Key,
            string From,
            string To,
            DateTimeOffset Due,
            TimeSpan Lateness);

        /// <summary>One commit to the store, as an observer sees it.</summary>
        /// <param name="Durability">Per call, or a group commit from the writer thread.</param>
        /// <param name="Changes">How many feed entries it wrote.</param>
        /// <param name="LastPosition">The position of its last change (0 for none).</param>
        /// <param name="Elapsed">How long the store took to commit.</param>
        /// <param name="Error">Why it failed, or null.</param>
        public readonly record struct Commit(
            Durability Durability,
            int Changes,
            long LastPosition,
            TimeSpan Elapsed,
            Exception? Error);
    }

}
