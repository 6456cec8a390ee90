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
using Microsoft.CodeAnalysis.Simplification;

namespace SessionDsl.CodeFixes;

/// <summary>
/// SDSL1001, SDSL1002 and SDSL1003: offers, for each event the lifecycle allows there (carried in the diagnostic's
/// <c>LegalEvents</c> property; for SDSL1003, the events allowed in every status the session may be in), to use it
/// instead of the illegal one. Which one is meant is the user's choice, so
/// there is one action per event and no fix-all.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceIllegalEventCodeFix)), Shared]
public sealed class ReplaceIllegalEventCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SDSL1001", "SDSL1002", "SDSL1003");

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax illegal
                || !diagnostic.Properties.TryGetValue("LegalEvents", out string? legal)
                || !diagnostic.Properties.TryGetValue("Type", out string? type)
                || string.IsNullOrEmpty(legal) || string.IsNullOrEmpty(type))
            {
                continue;
            }

            foreach (string @event in legal!.Split(','))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use '{@event}'",
                        cancellationToken => ReplaceAsync(context.Document, illegal, type!, @event, cancellationToken),
                        equivalenceKey: "SDSL-use-" + @event),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax illegal, string type, string @event, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;

        // Keep the user's qualifier (MessagingSessionEvent.X stays MessagingSessionEvent.Y); otherwise write it out in full and let the simplifier shorten it.
        ExpressionSyntax replacement = illegal is MemberAccessExpressionSyntax access
            ? access.WithName(SyntaxFactory.IdentifierName(@event))
            : SyntaxFactory.ParseExpression(type + "." + @event).WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(illegal, replacement.WithTriviaFrom(illegal)));
    }
}
