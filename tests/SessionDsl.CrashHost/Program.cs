using System.Globalization;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

// Usage: SessionDsl.CrashHost STORE SEED FROM (per-call|group)
// Runs calls FROM, FROM+1, ... (each one fixed by SEED and its number, at a fixed time), and prints
// "ACK <call> <position> <kind> <key> <status>" for each once it is durable, until it is killed.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string store = args[0];
int seed = int.Parse(args[1], CultureInfo.InvariantCulture);
int from = int.Parse(args[2], CultureInfo.InvariantCulture);
Durability durability = args[3] == "group" ? Durability.GroupCommit : Durability.PerCall;

var clock = new CrashClock { Now = Calls.TimeOf(from) };
using var host = new SessionHost<string, string, S, E>(new SessionHostOptions
{
    TimeProvider = clock,
    Store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = store }),
    Durability = durability,
    GroupCommitInterval = TimeSpan.FromMilliseconds(2),
});
var lifecycles = Calls.Register(host);
host.Open();
Console.WriteLine($"READY {host.LastPosition}");

var pending = new Queue<(int Call, HostResult<string, S, E> Result)>();
for (int call = from; ; call++)
{
    clock.Now = Calls.TimeOf(call);
    HostResult<string, S, E> result = Calls.Run(host, lifecycles, seed, call);
    host.Advance();
    pending.Enqueue((call, result));
    long durable = host.DurablePosition;
    while (pending.TryPeek(out var next) && next.Result.Position <= durable)
    {
        pending.Dequeue();
        Console.WriteLine(Calls.Ack(next.Call, next.Result));
    }
}

internal sealed class CrashClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
