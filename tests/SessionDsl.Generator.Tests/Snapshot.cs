using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// A small approved-files helper (Verify is not available here). The approved text lives in
/// <c>Snapshots/NAME.approved.EXT</c> beside the tests; on a mismatch the actual text is written to
/// <c>NAME.received.EXT</c> and the test fails. Run with <c>SESSIONDSL_ACCEPT=1</c> to accept every received text.
/// </summary>
internal static class Snapshot
{
    public static bool Accepting => Environment.GetEnvironmentVariable("SESSIONDSL_ACCEPT") == "1";

    public static void Match(string name, string actual, string extension = "cs")
    {
        string folder = Path.Combine(RepoPaths.TestsDirectory(), "Snapshots");
        Directory.CreateDirectory(folder);
        string approvedPath = Path.Combine(folder, $"{name}.approved.{extension}");
        string receivedPath = Path.Combine(folder, $"{name}.received.{extension}");
        actual = actual.Replace("\r\n", "\n");

        if (Accepting)
        {
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        string? approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"No approved snapshot {approvedPath}; wrote {receivedPath}. Review it, then rename it or run with SESSIONDSL_ACCEPT=1."
            : $"Snapshot {name} differs from {approvedPath}; wrote {receivedPath}. Diff them, then accept with SESSIONDSL_ACCEPT=1 if the change is intended.\nFirst difference at line {FirstDifference(approved, actual)}.");
    }

    private static int FirstDifference(string a, string b)
    {
        string[] x = a.Split('\n');
        string[] y = b.Split('\n');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i])
            {
                return i + 1;
            }
        }

        return Math.Min(x.Length, y.Length) + 1;
    }
}
