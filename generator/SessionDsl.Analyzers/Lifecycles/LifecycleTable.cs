using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Language;
using SessionDsl.Language.Model;

namespace SessionDsl.Analyzers.Lifecycles;

/// <summary>
/// The lifecycles of one compilation: each valid <c>*.lifecycle.yaml</c> additional file, matched with the type the
/// generator made from it (found by namespace and name, and checked to implement <c>SessionDsl.ILifecycle&lt;,,&gt;</c>).
/// Definitions with errors, or whose type is missing, are left out: the analyzers then say nothing about them.
/// </summary>
internal sealed class LifecycleTable
{
    private readonly Dictionary<INamedTypeSymbol, LifecycleInfo> _byType;

    private LifecycleTable(Dictionary<INamedTypeSymbol, LifecycleInfo> byType, INamedTypeSymbol sessionState)
    {
        _byType = byType;
        SessionState = sessionState;
    }

    /// <summary><c>SessionDsl.SessionState&lt;TStatus&gt;</c>, unconstructed.</summary>
    public INamedTypeSymbol SessionState { get; }

    public IEnumerable<LifecycleInfo> All => _byType.Values;

    public static LifecycleTable? Create(Compilation compilation, IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
    {
        INamedTypeSymbol? lifecycleInterface = compilation.GetTypeByMetadataName("SessionDsl.ILifecycle`3");
        INamedTypeSymbol? sessionState = compilation.GetTypeByMetadataName("SessionDsl.SessionState`1");
        if (lifecycleInterface is null || sessionState is null)
        {
            return null;
        }

        var byType = new Dictionary<INamedTypeSymbol, LifecycleInfo>(SymbolEqualityComparer.Default);
        foreach (AdditionalText file in files)
        {
            if (!LifecycleDefinition.IsLifecycleFile(file.Path) || file.GetText(cancellationToken) is not SourceText text)
            {
                continue;
            }

            LifecycleModel? model = Read(file.Path, text);
            string metadataName = model is null ? string.Empty : (model.Namespace.Length == 0 ? model.Name : model.Namespace + "." + model.Name);
            if (model is null || compilation.GetTypeByMetadataName(metadataName) is not INamedTypeSymbol type)
            {
                continue;
            }

            INamedTypeSymbol? implemented = type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, lifecycleInterface));
            if (implemented is null
                || EnumMembers.From(implemented.TypeArguments[0]) is not EnumMembers status
                || EnumMembers.From(implemented.TypeArguments[1]) is not EnumMembers events)
            {
                continue;
            }

            byType[type] = new LifecycleInfo(type, status, events, model);
        }

        return byType.Count == 0 ? null : new LifecycleTable(byType, sessionState);
    }

    // Compilations follow each other on every edit in an IDE while the definitions rarely change: an unchanged file
    // keeps its SourceText, so its parsed model is reused (the table holds only strings, no Roslyn objects).
    private static readonly ConditionalWeakTable<SourceText, Parsed> Cache = new();

    private static LifecycleModel? Read(string path, SourceText text)
    {
        Parsed parsed = Cache.GetValue(text, t => new Parsed(path, LifecycleDefinition.Read(path, t.ToString()).Valid));
        return parsed.Path == path ? parsed.Model : LifecycleDefinition.Read(path, text.ToString()).Valid;
    }

    private sealed record Parsed(string Path, LifecycleModel? Model);


    public LifecycleInfo? Find(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && _byType.TryGetValue(named, out LifecycleInfo? info) ? info : null;

    /// <summary>The one lifecycle whose status type is <paramref name="status"/>; null when none or several share it.</summary>
    public LifecycleInfo? OnlyLifecycleOf(ITypeSymbol status)
    {
        LifecycleInfo[] matches = _byType.Values.Where(l => SymbolEqualityComparer.Default.Equals(l.Status.Type, status)).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    /// <summary>The statuses some lifecycle of <paramref name="status"/> may start in; null when no lifecycle uses it.</summary>
    public ulong? InitialStatusesOf(ITypeSymbol status)
    {
        var lifecycles = _byType.Values.Where(l => SymbolEqualityComparer.Default.Equals(l.Status.Type, status)).ToList();
        return lifecycles.Count == 0 ? null : lifecycles.Aggregate(0UL, (m, l) => m | l.Initial);
    }

    /// <summary>The status type when <paramref name="type"/> is <c>SessionState&lt;TStatus&gt;</c> of a known lifecycle's status.</summary>
    public EnumMembers? SessionStatusOf(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } named || !SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, SessionState))
        {
            return null;
        }

        return _byType.Values.FirstOrDefault(l => SymbolEqualityComparer.Default.Equals(l.Status.Type, named.TypeArguments[0]))?.Status;
    }
}
