using Microsoft.Extensions.Logging;
using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>SessionDsl's log messages, source-generated, each with its stable id from <see cref="SessionDslLogEvents"/>.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = SessionDslLogEvents.HostOpened, Level = LogLevel.Information, Message = "Session host opened on {Store}: {Sessions} sessions restored, {TimersFired} timers fired catching up, in {ElapsedMilliseconds} ms; lifecycles: {Lifecycles}")]
    public static partial void HostOpened(ILogger logger, string store, int sessions, int timersFired, long elapsedMilliseconds, string lifecycles);

    [LoggerMessage(EventId = SessionDslLogEvents.ClockStarted, Level = LogLevel.Information, Message = "Session clock started: due timers fire every {Tick}")]
    public static partial void ClockStarted(ILogger logger, TimeSpan tick);

    [LoggerMessage(EventId = SessionDslLogEvents.ClockFailed, Level = LogLevel.Error, Message = "Session clock: an advance failed; due timers wait, and the clock tries again every tick")]
    public static partial void ClockFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = SessionDslLogEvents.ClockRecovered, Level = LogLevel.Information, Message = "Session clock: advancing again, {Fired} timers fired")]
    public static partial void ClockRecovered(ILogger logger, int fired);

    [LoggerMessage(EventId = SessionDslLogEvents.Stopping, Level = LogLevel.Information, Message = "Session host stopping: clock stopped, committing changes up to position {Position}")]
    public static partial void Stopping(ILogger logger, long position);

    [LoggerMessage(EventId = SessionDslLogEvents.Stopped, Level = LogLevel.Information, Message = "Session host stopped: {Sessions} sessions, committed up to position {Position}, store closed")]
    public static partial void Stopped(ILogger logger, int sessions, long position);

    [LoggerMessage(EventId = SessionDslLogEvents.FlushFailed, Level = LogLevel.Error, Message = "Session host stopping: committed up to position {Durable}; the changes after it, up to {Position}, could not be committed")]
    public static partial void FlushFailed(ILogger logger, long durable, long position, Exception? error);

    [LoggerMessage(EventId = SessionDslLogEvents.SessionStarted, Level = LogLevel.Debug, Message = "Session {Key} ({Lifecycle}) started in {Status}")]
    public static partial void SessionStarted(ILogger logger, string key, string? lifecycle, string? status);

    [LoggerMessage(EventId = SessionDslLogEvents.EventApplied, Level = LogLevel.Debug, Message = "Session {Key} ({Lifecycle}): {From} --{Event}--> {To}")]
    public static partial void EventApplied(ILogger logger, string key, string? lifecycle, string? from, string? @event, string? to);

    [LoggerMessage(EventId = SessionDslLogEvents.EventRefused, Level = LogLevel.Information, Message = "Session {Key} ({Lifecycle}): {Event} refused in {From} ({Reason})")]
    public static partial void EventRefused(ILogger logger, string key, string? lifecycle, string? @event, string? from, TransitionOutcome reason);

    [LoggerMessage(EventId = SessionDslLogEvents.RuleRefused, Level = LogLevel.Information, Message = "Session {Key} ({Lifecycle}): {Operation} refused by rule {Rule}")]
    public static partial void RuleRefused(ILogger logger, string key, string? lifecycle, SessionHostOptions.HostObserver.CallKind operation, string? rule);

    [LoggerMessage(EventId = SessionDslLogEvents.SessionDeleted, Level = LogLevel.Debug, Message = "Session {Key} ({Lifecycle}) deleted in {Status}")]
    public static partial void SessionDeleted(ILogger logger, string key, string? lifecycle, string? status);

    [LoggerMessage(EventId = SessionDslLogEvents.SessionMerged, Level = LogLevel.Information, Message = "Session {Key} ({Lifecycle}): {Event} led to {To}, merged into the previous session by rule {Rule}")]
    public static partial void SessionMerged(ILogger logger, string key, string? lifecycle, string? @event, string? to, string? rule);

    [LoggerMessage(EventId = SessionDslLogEvents.CallRefused, Level = LogLevel.Debug, Message = "Session {Key}: {Operation} refused: {Outcome}")]
    public static partial void CallRefused(ILogger logger, string key, SessionHostOptions.HostObserver.CallKind operation, HostOutcome outcome);

    [LoggerMessage(EventId = SessionDslLogEvents.CallFailed, Level = LogLevel.Error, Message = "Session {Key} ({Lifecycle}): {Operation} failed")]
    public static partial void CallFailed(ILogger logger, string key, string? lifecycle, SessionHostOptions.HostObserver.CallKind operation, Exception error);

    [LoggerMessage(EventId = SessionDslLogEvents.TimerFired, Level = LogLevel.Debug, Message = "Session {Key} ({Lifecycle}): timer {Timer} fired, {From} --> {To}, due {Due:o}, {Lateness} late")]
    public static partial void TimerFired(ILogger logger, string key, string lifecycle, string timer, string from, string to, DateTimeOffset due, TimeSpan lateness);

    [LoggerMessage(EventId = SessionDslLogEvents.CommitFailed, Level = LogLevel.Error, Message = "Session store: a commit of {Changes} changes failed ({Durability})")]
    public static partial void CommitFailed(ILogger logger, int changes, Durability durability, Exception error);
}
