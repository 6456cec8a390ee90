namespace SessionDsl.Orleans;

/// <summary>How a silo runs SessionDsl's partitions.</summary>
public sealed class SessionClusterOptions
{
    /// <summary>The name of the Orleans grain storage provider the partitions' state is kept in.</summary>
    public const string StorageName = "SessionDsl";

    /// <summary>
    /// The Redis server (StackExchange.Redis configuration string) that holds the cluster's changes feed; the same
    /// server as the cluster's membership, state and reminders, or another.
    /// </summary>
    public string RedisConfiguration { get; set; } = "localhost:6379";

    /// <summary>The prefix of the feed's Redis keys; give each deployment its own (for example its Orleans ServiceId).</summary>
    public string FeedKeyPrefix { get; set; } = "sessiondsl";

    /// <summary>
    /// The period of a partition's reminder, the durable backstop that wakes a partition whose grain is not active (or
    /// whose silo died) for its next deadline. Orleans refuses periods under <c>ReminderOptions.MinimumReminderPeriod</c>
    /// (one minute by default). A deadline that falls while its grain is inactive fires at most about one period late.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many answered requests a partition keeps for retries (the newest; a retry of an older one is applied again).</summary>
    public int RequestsKept { get; set; } = 256;

    /// <summary>How often each silo looks for partitions whose changes reached their state but not yet the feed (a silo died in between).</summary>
    public TimeSpan FeedSweepPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a partition's changes may wait for the feed before a sweep wakes the partition to publish them.</summary>
    public TimeSpan FeedSweepAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock the partitions' hosts read (statuses' entry times, deadlines); null for the silo's
    /// <see cref="System.TimeProvider"/> service, or the system clock. A simulation sets a fake clock here and fires due
    /// partitions itself (<see cref="ISessionPartitionGrain.Advance"/>), leaving Orleans' own timers on real time.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(RedisConfiguration, nameof(RedisConfiguration));
        ArgumentException.ThrowIfNullOrWhiteSpace(FeedKeyPrefix, nameof(FeedKeyPrefix));
        if (ReminderPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReminderPeriod), ReminderPeriod, "The reminder period is longer than zero.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RequestsKept, 1, nameof(RequestsKept));
        if (FeedSweepPeriod <= TimeSpan.Zero || FeedSweepAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FeedSweepPeriod), FeedSweepPeriod, "The feed sweep's period is longer than zero and its age not negative.");
        }
    }
}
