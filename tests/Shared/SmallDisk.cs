using System.Diagnostics;

namespace SessionDsl.Tests.Shared;

/// <summary>
/// A small disk for tests of a disk that fills: a tmpfs of <see cref="Bytes"/> mounted on a folder of the test's own
/// (the tests run as root here), unmounted on dispose. Where mounting is not permitted, <see cref="Mounted"/> is false
/// and <see cref="Why"/> says why, so the test can use a stand-in and say which it used.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    public SmallDisk(string folder, int bytes)
    {
        Path = folder;
        Bytes = bytes;
        Directory.CreateDirectory(folder);
        Mounted = Run("mount", out string error, "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", folder);
        Why = Mounted ? $"a {bytes / 1024} KiB tmpfs mounted at {folder}" : $"mounting a tmpfs was not permitted ({error.Trim()})";
    }

    public string Path { get; }

    public int Bytes { get; }

    public bool Mounted { get; }

    public string Why { get; }

    /// <summary>Fills the disk but for about <paramref name="leave"/> bytes, with a file <see cref="Free"/> deletes.</summary>
    public void Fill(int leave)
    {
        DriveInfo drive = new(Path);
        long fill = Math.Max(0, drive.AvailableFreeSpace - leave);
        File.WriteAllBytes(System.IO.Path.Combine(Path, "filler"), new byte[fill]);
    }

    /// <summary>Deletes the filler file <see cref="Fill"/> wrote.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    public void Dispose()
    {
        if (Mounted)
        {
            Run("umount", out _, Path);
        }
    }

    private static bool Run(string program, out string error, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = e.Message;
            return false;
        }
    }
}
