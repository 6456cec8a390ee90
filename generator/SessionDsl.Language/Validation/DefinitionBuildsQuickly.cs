using System.Globalization;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Layout;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0025: the transition table is bounded, so that every accepted definition generates and compiles in seconds
/// (a table of a million cells would be tens of megabytes of C#).
/// </summary>
internal sealed class DefinitionBuildsQuickly : IDefinitionRule
{
    /// <summary>The most cells a generated transition table may have: about 2.4 million characters of generated C# (measured by the generator benchmark).</summary>
    public const long MaxTableCells = 65_536;

    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        long cells = TableLayout.TableCells(lifecycle);
        if (cells > MaxTableCells)
        {
            long copies = cells / ((long)lifecycle.StatusMembers.Count * ColumnsOf(lifecycle.EventMembers.Count));
            yield return DiagnosticInfo.Create(
                DiagnosticCatalog.TableTooLarge,
                lifecycle.NameSpan,
                lifecycle.Name,
                cells.ToString("N0", CultureInfo.InvariantCulture),
                lifecycle.StatusMembers.Count.ToString(CultureInfo.InvariantCulture),
                lifecycle.EventMembers.Count.ToString(CultureInfo.InvariantCulture),
                copies == 1 ? string.Empty : string.Format(CultureInfo.InvariantCulture, ", in {0} copies, one per combination of the guards' option tests", copies),
                MaxTableCells.ToString("N0", CultureInfo.InvariantCulture));
        }
    }

    private static long ColumnsOf(int events)
    {
        long columns = 1;
        while (columns < events)
        {
            columns <<= 1;
        }

        return columns;
    }
}
