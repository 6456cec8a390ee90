using System.Diagnostics;
using System.Reflection;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using Xunit;
using Xunit.Abstractions;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// A host under load in a child process (<c>SessionDsl.CrashHost</c>) on a real SQLite file, killed with SIGKILL at
/// random points, per-call and group commit in turn, and opened again after every kill: every acknowledged call is in
/// the store, no pending deadline is lost, no timer fires twice, the feed has no gap, the feed folded from its first
/// change gives the stored sessions, and the rules held whenever they were applied.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261201;
    private const int Kills = 24;

    private readonly string _folder = Directory.CreateTempSubdirectory("sessiondsl-crash-").FullName;

    [Fact]
    public void Killed_at_random_points_a_host_loses_nothing_it_acknowledged_and_fires_every_timer_once()
    {
        string store = Path.Combine(_folder, "crash.db");
        var acknowledged = new Dictionary<int, string>();
        var random = new Random(Seed);
        int next = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            string durability = kill % 2 == 0 ? "per-call" : "group";
            (List<string> lines, int delay) = RunAndKill(store, next, durability, random);
            var acks = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).ToList();
            foreach (string ack in acks)
            {
                string[] parts = ack.Split(' ');
                acknowledged[int.Parse(parts[1])] = ack;
            }

            Assert.True(lines.Count > 0 && lines[0].StartsWith("READY", StringComparison.Ordinal), $"The child did not start: {string.Join(Environment.NewLine, lines)}");
            int last = acks.Count > 0 ? int.Parse(acks[^1].Split(' ')[1]) : next - 1;
            output.WriteLine($"kill {kill + 1} ({durability}) after {delay} ms: calls {next} to {last} acknowledged ({acks.Count})");

            // Unacknowledged calls after the last acknowledged one may or may not have been committed; the next run
            // goes on after the last acknowledged call, as a client retrying would (at least once).
            next = last + 1;
            Verify(store, acknowledged, Calls.TimeOf(next));
        }

        Assert.True(acknowledged.Count > 500, $"only {acknowledged.Count} calls were acknowledged in {Kills} runs");
    }

    private (List<string> Lines, int Delay) RunAndKill(string store, int from, string durability, Random random)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { CrashHostPath, store, Seed.ToString(), from.ToString(), durability })
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        var lines = new List<string>();
        var ready = new ManualResetEventSlim();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line.StartsWith("READY", StringComparison.Ordinal))
                {
                    ready.Set();
                }
            }
        };
        var errors = new List<string>();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(60)) && child.HasExited)
        {
            child.WaitForExit();
            throw new InvalidOperationException($"The crash host exited with {child.ExitCode} before it was ready: {string.Join(Environment.NewLine, errors)}");
        }

        int delay = random.Next(20, 300);
        Thread.Sleep(delay);
        child.Kill(); // SIGKILL: no dispose, no flush, no finally
        child.WaitForExit(); // and the output already written to the pipe is read to its end
        Assert.DoesNotContain(errors, e => !string.IsNullOrWhiteSpace(e));
        lock (lines)
        {
            return ([.. lines], delay);
        }
    }

    /// <summary>Opens the store as a restarted host would (restoring, catching up) and checks everything it holds.</summary>
    private static void Verify(string store, Dictionary<int, string> acknowledged, DateTimeOffset now)
    {
        var clock = new Messaging.ManualClock(now);
        using var host = new SessionHost<string, string, S, E>(new SessionHostOptions
        {
            TimeProvider = clock,
            Store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = store }),
        });
        Calls.Register(host);
        host.Open();

        var feed = new List<SessionChange<string, string, S, E>>();
        for (IReadOnlyList<SessionChange<string, string, S, E>> page; (page = host.ReadChanges(feed.Count, 5000)).Count > 0;)
        {
            feed.AddRange(page);
        }

        // The feed has no gap: positions 1, 2, 3, ...
        Assert.Equal(Enumerable.Range(1, feed.Count).Select(i => (long)i), feed.Select(c => c.Position));

        // Every acknowledged call's change is there, as acknowledged.
        foreach (string ack in acknowledged.Values)
        {
            string[] parts = ack.Split(' '); // ACK call position kind key status
            long position = long.Parse(parts[2]);
            Assert.True(position <= feed.Count, $"{ack}: the feed ends at {feed.Count}");
            if (parts[3] != "-")
            {
                SessionChange<string, string, S, E> change = feed[(int)position - 1];
                Assert.Equal((parts[3], parts[4], parts[5]), (change.Kind.ToString(), change.Key, change.To.ToString()));
            }
        }

        // No timer fires twice.
        var timers = feed.Where(c => c.Kind == SessionChangeKind.TimerFired).Select(c => (c.Key, c.Timer, c.At)).ToList();
        Assert.Equal(timers.Count, timers.Distinct().Count());

        // The feed folded from the start gives exactly the stored sessions, and the rule held at every opening message.
        var folded = new Dictionary<string, (S Status, DateTimeOffset EnteredAt, string Partition)>();
        foreach (SessionChange<string, string, S, E> change in feed)
        {
            switch (change.Kind)
            {
                case SessionChangeKind.Started:
                    Assert.False(folded.ContainsKey(change.Key), $"#{change.Position}: {change.Key} started twice");
                    folded[change.Key] = (change.To!.Value, change.At, change.Partition);
                    break;
                case SessionChangeKind.Transition or SessionChangeKind.TimerFired:
                    (S status, DateTimeOffset entered, string partition) = folded[change.Key];
                    Assert.Equal(status, change.From);
                    if (change.Event == E.OpeningMessage)
                    {
                        Assert.All(folded.Where(s => s.Key != change.Key && s.Value.Partition == partition), s => Assert.True(s.Value.Status is S.Ended or S.Error, $"#{change.Position}: {change.Key} opened while {s.Key} was {s.Value.Status}"));
                    }

                    folded[change.Key] = (change.To!.Value, change.From == change.To ? entered : change.At, partition);
                    break;
                case SessionChangeKind.Merged or SessionChangeKind.Deleted:
                    Assert.True(folded.Remove(change.Key), $"#{change.Position}: {change.Key} was not there to remove");
                    break;
            }
        }

        Assert.Equal(folded.Count, host.Count);
        foreach ((string key, (S status, DateTimeOffset entered, string partition)) in folded)
        {
            SessionView<string, string, S> view = host.Get(key);
            Assert.Equal((status, entered, partition), (view.Status, view.State.EnteredAt, view.Partition));

            // No pending deadline is lost: everything due by now has fired.
            Assert.True(view.NextDeadline is null || view.NextDeadline > now, $"{key} is overdue: {view.NextDeadline:O} <= {now:O}");
        }

        Assert.Null(host.CheckConsistency());
    }

    private static string CrashHostPath => typeof(CrashRecoveryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
