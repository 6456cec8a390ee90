using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Generator.Diagnostics;
using SessionDsl.Language;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Emission;
using SessionDsl.Language.Model;
using SessionDsl.Language.Validation;

namespace SessionDsl.Generator;

/// <summary>
/// Compiles every <c>*.lifecycle.yaml</c> additional file into a C# lifecycle, plus one enum per shared status, event
/// and option type. Only the definitions feed the pipeline: editing C# regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LifecycleGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One definition file in, a checked model and its diagnostics out (value-equal: unchanged files stay cached).
        IncrementalValuesProvider<DefinitionResult> definitions = context.AdditionalTextsProvider
            .Where(static file => LifecycleDefinition.IsLifecycleFile(file.Path))
            .Select(static (file, cancellationToken) =>
            {
                SourceText? text = file.GetText(cancellationToken);
                return text is null
                    ? new DefinitionResult(null, new[] { DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntax, SourceSpan.FileStart(file.Path), "the file could not be read") }.ToEquatableArray())
                    : LifecycleDefinition.Read(file.Path, text.ToString());
            })
            .WithTrackingName(TrackingNames.Definitions);

        context.RegisterSourceOutput(definitions.Select(static (d, _) => d.Diagnostics), ReportDiagnostics);

        // Types shared across definitions need every definition at once.
        IncrementalValueProvider<SharedTypesResult> shared = definitions
            .Select(static (d, _) => d.Valid)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.ValidLifecycles)
            .Collect()
            .Select(static (all, _) => SharedTypeRules.Resolve(all))
            .WithTrackingName(TrackingNames.SharedTypes);

        context.RegisterSourceOutput(shared.Select(static (s, _) => s.Diagnostics), ReportDiagnostics);

        IncrementalValuesProvider<EmittedSource> lifecycleSources = shared
            .SelectMany(static (s, _) => s.ValidLifecycles)
            .Select(static (lifecycle, _) => EmittedSource.From(lifecycle.FilePath, LifecycleEmitter.HintName(lifecycle), () => LifecycleEmitter.Emit(lifecycle)))
            .WithTrackingName(TrackingNames.LifecycleSources);

        IncrementalValuesProvider<EmittedSource> enumSources = shared
            .SelectMany(static (s, _) => s.Enums)
            .Select(static (model, _) => EmittedSource.From(string.Empty, LifecycleEmitter.HintName(model), () => LifecycleEmitter.Emit(model)))
            .WithTrackingName(TrackingNames.EnumSources);

        context.RegisterSourceOutput(lifecycleSources, AddSource);
        context.RegisterSourceOutput(enumSources, AddSource);
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo info in diagnostics)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(info));
        }
    }

    private static void AddSource(SourceProductionContext context, EmittedSource source)
    {
        if (source.Error is { } error)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(error));
            return;
        }

        try
        {
            context.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
        }
        catch (ArgumentException ex)
        {
            // A second file of the same name (the checks should have refused it: SDSL0032) must still be a diagnostic,
            // never a generator that stops and emits nothing.
            context.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(DiagnosticInfo.Create(DiagnosticCatalog.InternalError, SourceSpan.FileStart(source.Path), $"{ex.GetType().Name} while adding {source.HintName}: {ex.Message}")));
        }
    }

    /// <summary>Generated text, or the diagnostic that explains why there is none.</summary>
    private sealed record EmittedSource(string Path, string HintName, string Text, DiagnosticInfo? Error)
    {
        public static EmittedSource From(string path, string hintName, Func<string> emit)
        {
            try
            {
                return new EmittedSource(path, hintName, emit(), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var error = DiagnosticInfo.Create(DiagnosticCatalog.InternalError, SourceSpan.FileStart(path), $"{ex.GetType().Name} while emitting {hintName}: {ex.Message}");
                return new EmittedSource(path, hintName, string.Empty, error);
            }
        }
    }
}
