using SessionDsl.Language;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Validation;

namespace SessionDsl.Cli;

/// <summary>
/// Definitions read and checked the way the source generator checks a project's definitions: each file through
/// <see cref="LifecycleDefinition.Read"/>, then the valid ones together through <see cref="SharedTypeRules.Resolve"/>
/// (the checks across files: duplicate lifecycles, shared status/event/option types). Paths in diagnostics are the
/// files' paths relative to the working folder when they lie under it, else their full paths.
/// </summary>
internal sealed class DefinitionSet
{
    private DefinitionSet(IReadOnlyList<DefinitionFile> files, IReadOnlyList<DiagnosticInfo> diagnostics)
    {
        Files = files;
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<DefinitionFile> Files { get; }

    /// <summary>Every diagnostic, per file in file order and by position within a file; cross-file ones at the file they point to.</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

    public int Count(DiagnosticSeverityKind severity) => Diagnostics.Count(d => d.Kind.Severity == severity);

    public bool HasErrors => Count(DiagnosticSeverityKind.Error) > 0;

    public static DefinitionSet Check(IReadOnlyList<string> fullPaths, string workingDirectory)
    {
        var files = new List<DefinitionFile>();
        foreach (string fullPath in fullPaths)
        {
            string shown = DisplayPath(fullPath, workingDirectory);
            DefinitionResult result;
            try
            {
                result = LifecycleDefinition.Read(shown, File.ReadAllText(fullPath));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The generator's wording when an additional file has no text.
                result = new DefinitionResult(null, new[] { DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntax, SourceSpan.FileStart(shown), "the file could not be read") }.ToEquatableArray());
            }

            files.Add(new DefinitionFile(fullPath, shown, result));
        }

        SharedTypesResult shared = SharedTypeRules.Resolve(files.Select(f => f.Result.Valid).OfType<LifecycleModel>().ToList());
        var order = files.Select((f, i) => (f.ShownPath, i)).GroupBy(p => p.ShownPath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        List<DiagnosticInfo> diagnostics = files.SelectMany(f => f.Result.Diagnostics)
            .Concat(shared.Diagnostics)
            .Select((d, i) => (d, i))
            .OrderBy(p => order.TryGetValue(p.d.Span.Path, out int index) ? index : int.MaxValue)
            .ThenBy(p => p.d.Span.StartLine)
            .ThenBy(p => p.d.Span.StartColumn)
            .ThenBy(p => p.i)
            .Select(p => p.d)
            .ToList();
        return new DefinitionSet(files, diagnostics);
    }

    /// <summary>
    /// The definition files named by <paramref name="paths"/>: files as given, folders searched recursively for
    /// <c>*.lifecycle.yaml</c> and <c>*.lifecycle.yml</c> (skipping <c>bin</c>, <c>obj</c> and folders whose name
    /// starts with a dot). Null, with the missing path in <paramref name="missing"/>, when a path does not exist.
    /// </summary>
    public static IReadOnlyList<string>? Find(IReadOnlyList<string> paths, string workingDirectory, out string? missing)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in paths.Count == 0 ? new[] { "." } : paths)
        {
            string full = Path.GetFullPath(path, workingDirectory);
            if (File.Exists(full))
            {
                found.Add(full);
            }
            else if (Directory.Exists(full))
            {
                foreach (string file in Search(full))
                {
                    found.Add(file);
                }
            }
            else
            {
                missing = path;
                return null;
            }
        }

        missing = null;
        return found.ToList();
    }

    private static IEnumerable<string> Search(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (LifecycleDefinition.IsLifecycleFile(file))
            {
                yield return file;
            }
        }

        foreach (string sub in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(sub);
            if (name.StartsWith('.') || name is "bin" or "obj")
            {
                continue;
            }

            foreach (string file in Search(sub))
            {
                yield return file;
            }
        }
    }

    /// <summary>How reports name a file: relative to the working folder when it lies under it, else its full path.</summary>
    public static string DisplayPath(string fullPath, string workingDirectory)
    {
        string relative = Path.GetRelativePath(workingDirectory, fullPath);
        bool outside = relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return outside ? fullPath : relative;
    }
}

/// <summary>One definition file: where it is, how diagnostics name it, and what reading it found.</summary>
internal sealed record DefinitionFile(string FullPath, string ShownPath, DefinitionResult Result);
