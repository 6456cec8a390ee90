namespace SessionDsl.Language.Model;

/// <summary>A <c>when:</c> guard over a lifecycle's options: <c>not</c>, <c>and</c>, <c>or</c> over option tests.</summary>
public abstract record GuardExpression(SourceSpan Span);

/// <summary>A bare option name: a boolean option that is true, or a duration option that is set.</summary>
public sealed record GuardOptionTest(Named Option, SourceSpan Span) : GuardExpression(Span);

/// <summary><c>option == Value</c> or <c>option != Value</c> for an enumeration option.</summary>
public sealed record GuardComparison(Named Option, Named Value, bool IsEqual, SourceSpan Span) : GuardExpression(Span);

public sealed record GuardNot(GuardExpression Operand, SourceSpan Span) : GuardExpression(Span);

public sealed record GuardAnd(GuardExpression Left, GuardExpression Right, SourceSpan Span) : GuardExpression(Span);

public sealed record GuardOr(GuardExpression Left, GuardExpression Right, SourceSpan Span) : GuardExpression(Span);
