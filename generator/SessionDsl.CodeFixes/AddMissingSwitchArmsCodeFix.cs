using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SessionDsl.CodeFixes;

/// <summary>
/// SDSL1005: adds a case for each status the switch misses (the diagnostic's <c>MissingStates</c> property). A switch
/// statement gets <c>case X: break;</c>, the smallest arm that compiles; a switch expression gets
/// <c>X =&gt; throw new NotImplementedException()</c>, since there is no value to guess. Both go before any other
/// arm's end, in the order of the status enum, for the user to fill in.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingSwitchArmsCodeFix)), Shared]
public sealed class AddMissingSwitchArmsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SDSL1005");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax governing
                || governing.Parent is not (SwitchStatementSyntax or SwitchExpressionSyntax)
                || !diagnostic.Properties.TryGetValue("MissingStates", out string? missing)
                || !diagnostic.Properties.TryGetValue("Type", out string? type)
                || string.IsNullOrEmpty(missing) || string.IsNullOrEmpty(type))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add the missing cases",
                    cancellationToken => AddAsync(context.Document, governing.Parent, type!, missing!.Split(','), cancellationToken),
                    equivalenceKey: "SDSL1005-add-missing-cases"),
                diagnostic);
        }
    }

    private static async Task<Document> AddAsync(Document document, SyntaxNode @switch, string type, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ExpressionSyntax Status(string name) => SyntaxFactory.ParseExpression(type + "." + name).WithAdditionalAnnotations(Simplifier.Annotation);

        SyntaxNode updated = @switch switch
        {
            SwitchStatementSyntax statement => statement.AddSections(missing
                .Select(name => SyntaxFactory.SwitchSection(
                    SyntaxFactory.SingletonList<SwitchLabelSyntax>(SyntaxFactory.CaseSwitchLabel(Status(name))),
                    SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.BreakStatement())))
                .ToArray()),
            SwitchExpressionSyntax expression => expression.WithArms(AddArms(expression.Arms, missing.Select(name => SyntaxFactory.SwitchExpressionArm(
                SyntaxFactory.ConstantPattern(Status(name)),
                SyntaxFactory.ThrowExpression(SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName("global::System.NotImplementedException").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(),
                    initializer: null)))))),
            _ => @switch,
        };

        return document.WithSyntaxRoot(root.ReplaceNode(@switch, updated.WithAdditionalAnnotations(Formatter.Annotation)));
    }

    /// <summary>Appends arms, keeping a trailing comma when the switch had one.</summary>
    private static SeparatedSyntaxList<SwitchExpressionArmSyntax> AddArms(SeparatedSyntaxList<SwitchExpressionArmSyntax> arms, IEnumerable<SwitchExpressionArmSyntax> added)
    {
        bool trailingComma = arms.Count > 0 && arms.SeparatorCount == arms.Count;
        var nodes = arms.Concat(added).ToList();
        int separators = trailingComma ? nodes.Count : nodes.Count - 1;
        return SyntaxFactory.SeparatedList(nodes, Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken), separators));
    }
}
