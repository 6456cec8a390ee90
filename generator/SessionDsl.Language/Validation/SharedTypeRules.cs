using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// Checks across definitions (SDSL0030, SDSL0031) and the shared types they produce: one status enum and one event
/// enum per (namespace, type name), and one enum per enumeration option type.
/// </summary>
public static class SharedTypeRules
{
    public static SharedTypesResult Resolve(IReadOnlyList<LifecycleModel> lifecycles)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var ordered = lifecycles.OrderBy(l => l.Namespace, StringComparer.Ordinal).ThenBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.FilePath, StringComparer.Ordinal).ToList();

        var byName = new Dictionary<string, LifecycleModel>(StringComparer.Ordinal);
        var rejected = new HashSet<LifecycleModel>();
        foreach (LifecycleModel lifecycle in ordered)
        {
            string key = lifecycle.Namespace + "." + lifecycle.Name;
            if (byName.TryGetValue(key, out LifecycleModel? first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateLifecycle, lifecycle.NameSpan, key, first.FilePath));
                rejected.Add(lifecycle);
            }
            else
            {
                byName.Add(key, lifecycle);
            }
        }

        var enums = new Dictionary<string, EnumModel>(StringComparer.Ordinal);
        foreach (LifecycleModel lifecycle in ordered.Where(l => !rejected.Contains(l)))
        {
            Merge(enums, diagnostics, lifecycle, lifecycle.StatusType.Name, lifecycle.StatusMembers, lifecycle.StatusType.Span, EnumRole.Status,
                lifecycle.States.ToDictionary(s => s.Name, s => s.Description, StringComparer.Ordinal));
            Merge(enums, diagnostics, lifecycle, lifecycle.EventType.Name, lifecycle.EventMembers, lifecycle.EventType.Span, EnumRole.Event,
                lifecycle.Events.ToDictionary(e => e.Name, e => e.Description, StringComparer.Ordinal));
            foreach (OptionModel option in lifecycle.Options.Where(o => o.Kind == OptionKindModel.Enumeration))
            {
                Merge(enums, diagnostics, lifecycle, option.EnumTypeName!, option.Values, option.Span, EnumRole.Option,
                    new Dictionary<string, string>(StringComparer.Ordinal), option.Description);
            }
        }

        // Lifecycles that share a status or event type must also agree on the platforms it declares.
        var platformRules = new Dictionary<string, (string Lifecycle, string Members)>(StringComparer.Ordinal);
        foreach (LifecycleModel lifecycle in ordered.Where(l => !rejected.Contains(l)))
        {
            foreach (var (type, members) in new[] { (lifecycle.StatusType, lifecycle.StatusMembers), (lifecycle.EventType, lifecycle.EventMembers) })
            {
                string key = lifecycle.Namespace + "." + type.Name;
                string described = WithPlatforms(type, members);
                if (!platformRules.TryGetValue(key, out var first))
                {
                    platformRules[key] = (lifecycle.Name, described);
                }
                else if (first.Members != described && !diagnostics.Any(d => d.Span.Path == lifecycle.FilePath))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.SharedTypeMismatch, type.Span, type.Name, described, lifecycle.Name, first.Members, first.Lifecycle));
                }
            }
        }

        // A lifecycle and a generated enum of the same namespace would share a type name and a file name.
        foreach (LifecycleModel lifecycle in ordered.Where(l => !rejected.Contains(l)))
        {
            if (enums.TryGetValue(lifecycle.Namespace + "." + lifecycle.Name, out EnumModel? clash))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NameCollision, lifecycle.NameSpan, lifecycle.Name, lifecycle.Namespace, "a lifecycle", Describe(clash.Role, clash.Lifecycles[0])));
                rejected.Add(lifecycle);
            }
        }

        CheckAgainstRuntimeAndFileNames(ordered, enums, rejected, diagnostics);

        var valid = ordered.Where(l => !rejected.Contains(l) && !diagnostics.Any(d => d.Span.Path == l.FilePath)).ToList();
        var used = new HashSet<(string, string)>(valid.Select(l => (l.Namespace, l.Name)));
        var emitted = enums.Values
            .Where(e => e.Lifecycles.Any(l => used.Contains((e.Namespace, l))))
            .OrderBy(e => e.Namespace, StringComparer.Ordinal)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToEquatableArray();
        return new SharedTypesResult(emitted, diagnostics.ToEquatableArray(), valid.ToEquatableArray());
    }

    /// <summary>
    /// SDSL0032 for a generated type the runtime already declares (generated code names the runtime's types in full, so
    /// the two would clash), and for generated types whose file names differ only in case (file names are compared
    /// without regard to case: two such files would stop the generator).
    /// </summary>
    private static void CheckAgainstRuntimeAndFileNames(List<LifecycleModel> ordered, Dictionary<string, EnumModel> enums, HashSet<LifecycleModel> rejected, List<DiagnosticInfo> diagnostics)
    {
        var byName = new Dictionary<(string, string), LifecycleModel>();
        foreach (LifecycleModel lifecycle in ordered)
        {
            if (!byName.ContainsKey((lifecycle.Namespace, lifecycle.Name)))
            {
                byName.Add((lifecycle.Namespace, lifecycle.Name), lifecycle);
            }
        }

        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var types = ordered.Where(l => !rejected.Contains(l)).Select(l => (l.Namespace, l.Name, Enum: (EnumModel?)null))
            .Concat(enums.Values.Select(e => (e.Namespace, e.Name, Enum: (EnumModel?)e)))
            .OrderBy(t => t.Namespace, StringComparer.Ordinal)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Enum is null ? 0 : 1);
        foreach (var (ns, name, model) in types)
        {
            string file = ns + "." + name;
            string? clash = RuntimeNames.Takes(ns, name)
                ? $"the runtime's '{ns}.{name}'"
                : files.TryGetValue(file, out string? other) ? $"{other} (generated files are named without regard to case)" : null;
            string what = model is null ? $"lifecycle '{name}'" : Describe(model.Role, model.Lifecycles[0]);
            if (clash is null)
            {
                files[file] = what;
                continue;
            }

            IEnumerable<LifecycleModel> owners = model is null
                ? new[] { byName[(ns, name)] }
                : model.Lifecycles.Select(l => byName[(ns, l)]);
            foreach (LifecycleModel owner in owners.Where(o => rejected.Add(o)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NameCollision, SpanOf(owner, model), name, ns, model is null ? "a lifecycle" : Describe(model.Role, owner.Name), clash));
            }
        }
    }

    /// <summary>Where a lifecycle declares the generated type: its name, or its status type, event type or option.</summary>
    private static SourceSpan SpanOf(LifecycleModel lifecycle, EnumModel? model) => model?.Role switch
    {
        null => lifecycle.NameSpan,
        EnumRole.Status => lifecycle.StatusType.Span,
        EnumRole.Event => lifecycle.EventType.Span,
        _ => lifecycle.Options.FirstOrDefault(o => o.EnumTypeName == model.Name)?.Span ?? lifecycle.NameSpan,
    };


    /// <summary>A type's members with the platforms each is restricted to, and the platforms it declares: <c>New, Consent (enhanced); platforms standard, enhanced</c>.</summary>
    private static string WithPlatforms(SharedTypeRef type, EquatableArray<string> members)
    {
        string listed = string.Join(", ", members.Select(m => type.PlatformsOf(m) is { } only ? $"{m} ({string.Join(", ", only.Select(p => p.Name))})" : m));
        return type.Platforms.IsEmpty ? listed : $"{listed}; platforms {string.Join(", ", type.Platforms.Select(p => p.Name))}";
    }

    private static string Describe(EnumRole role, string lifecycle) => role switch
    {
        EnumRole.Status => $"the status type of '{lifecycle}'",
        EnumRole.Event => $"the event type of '{lifecycle}'",
        _ => $"an option's enum type in '{lifecycle}'",
    };

    private static void Merge(
        Dictionary<string, EnumModel> enums,
        List<DiagnosticInfo> diagnostics,
        LifecycleModel lifecycle,
        string typeName,
        EquatableArray<string> members,
        SourceSpan span,
        EnumRole role,
        Dictionary<string, string> descriptions,
        string? typeDescription = null)
    {
        string key = lifecycle.Namespace + "." + typeName;
        if (!enums.TryGetValue(key, out EnumModel? existing))
        {
            enums[key] = new EnumModel(
                lifecycle.Namespace,
                typeName,
                role,
                members.Select(m => new EnumMemberModel(m, descriptions.TryGetValue(m, out string? d) ? d : string.Empty)).ToEquatableArray(),
                new[] { lifecycle.Name }.ToEquatableArray(),
                typeDescription ?? string.Empty);
            return;
        }

        if (existing.Role != role)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NameCollision, span, typeName, lifecycle.Namespace, Describe(role, lifecycle.Name), Describe(existing.Role, existing.Lifecycles[0])));
            return;
        }

        if (!existing.Members.Select(m => m.Name).SequenceEqual(members))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticCatalog.SharedTypeMismatch,
                span,
                typeName,
                string.Join(", ", members),
                lifecycle.Name,
                string.Join(", ", existing.Members.Select(m => m.Name)),
                existing.Lifecycles[0]));
            return;
        }

        // First description wins, in (namespace, lifecycle name) order, so the output does not depend on file order.
        var merged = existing.Members
            .Select(m => m.Description.Length > 0 || !descriptions.TryGetValue(m.Name, out string? d) ? m : m with { Description = d })
            .ToEquatableArray();
        enums[key] = existing with
        {
            Members = merged,
            Lifecycles = existing.Lifecycles.Append(lifecycle.Name).ToEquatableArray(),
            Description = existing.Description.Length > 0 ? existing.Description : typeDescription ?? string.Empty,
        };
    }
}
