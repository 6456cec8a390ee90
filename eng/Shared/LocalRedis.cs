using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionDsl.Tooling;

/// <summary>
/// A real Redis server (Debian's <c>redis-server</c>) of the caller's own, on a free loopback port, with nothing saved
/// to disk; stopped when disposed. Used by the cluster tests, the cluster benchmark and the main job's <c>--cluster</c>.
/// </summary>
public sealed class LocalRedis : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private LocalRedis(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for the server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, or did not answer; the message says what to do.</exception>
    public static LocalRedis Start()
    {
        string executable = Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not installed: the cluster needs a real Redis server. Install it with `apt-get update && apt-get install -y redis-server` (.ci/run does this on a bare machine).");
        string folder = Path.Combine(Path.GetTempPath(), "sessiondsl-redis", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new LocalRedis(process, folder, port);
        DateTime giveUpAt = DateTime.UtcNow.AddSeconds(15);
        while (!redis.Ping())
        {
            if (process.HasExited || DateTime.UtcNow > giveUpAt)
            {
                redis.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not answer PING within 15 s (exited: {process.HasExited}).");
            }

            Thread.Sleep(50);
        }

        return redis;
    }

    /// <summary>True when the server answers PING.</summary>
    public bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using NetworkStream stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            int read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A free TCP port on loopback (for silos' and gateways' endpoints too).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .Concat(["/usr/bin/" + name, "/usr/sbin/" + name])
            .FirstOrDefault(File.Exists);
}
