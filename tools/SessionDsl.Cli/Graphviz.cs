using System.Diagnostics;

namespace SessionDsl.Cli;

/// <summary>Graphviz's <c>dot</c> command, found on PATH and fed DOT on standard input.</summary>
internal static class Graphviz
{
    public const string NotInstalled =
        "rendering SVG needs Graphviz's 'dot' command, which is not on PATH. Install Graphviz " +
        "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; Windows: winget install graphviz), " +
        "or use --format dot and render the DOT elsewhere.";

    /// <summary>The full path of <c>dot</c> in the first PATH folder that has it, or null.</summary>
    public static string? Find(string? pathVariable)
    {
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        string[] names = OperatingSystem.IsWindows() ? new[] { "dot.exe", "dot.bat", "dot.cmd" } : new[] { "dot" };
        foreach (string folder in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in names)
            {
                string candidate = Path.Combine(folder.Trim('"'), name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs <c>dot -Tsvg</c> on <paramref name="dotSource"/>: the SVG, or null with dot's own complaint in <paramref name="error"/>.</summary>
    public static string? ToSvg(string dotExecutable, string dotSource, out string? error)
    {
        var start = new ProcessStartInfo(dotExecutable, "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            // Read both streams while writing, so a large graph cannot fill a pipe and stall both processes.
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(dotSource);
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                error = $"'{dotExecutable} -Tsvg' failed with exit code {process.ExitCode}: {errors.Result.Trim()}";
                return null;
            }

            error = null;
            return output.Result;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            error = $"could not run '{dotExecutable}': {ex.Message}";
            return null;
        }
    }
}
