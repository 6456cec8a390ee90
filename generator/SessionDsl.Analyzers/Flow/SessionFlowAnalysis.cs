using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SessionDsl.Analyzers.Diagnostics;
using SessionDsl.Analyzers.Lifecycles;

namespace SessionDsl.Analyzers.Flow;

/// <summary>
/// Follows session variables (locals and parameters of type <c>SessionState&lt;TStatus&gt;</c>) along a method's
/// control-flow graph and checks each event a lifecycle's <c>Apply</c> receives as a constant: SDSL1002 when no status
/// the session may be in allows it, SDSL1003 when some status it is expected to be in does not. It also remembers what
/// it knew at each <c>switch</c> on a session's status, for the switch checks.
/// </summary>
/// <remarks>
/// Sound and simple before clever: a variable whose value could change behind the analysis's back (captured by a
/// lambda, passed by <c>ref</c> elsewhere, aliased, written in a <c>finally</c>, declared by a pattern) is not followed;
/// catch and finally blocks start knowing nothing; a graph that does not settle quickly reports nothing.
/// </remarks>
internal sealed class SessionFlowAnalysis
{
    private const int MaxPasses = 64;

    private readonly LifecycleTable _table;
    private readonly HashSet<ISymbol> _tracked;
    private readonly Action<Diagnostic> _report;
    private readonly Dictionary<CaptureId, ISymbol?> _captures = new();
    private readonly HashSet<Location> _reported = new();
    private readonly List<IFlowAnonymousFunctionOperation> _lambdas = new();

    private SessionFlowAnalysis(LifecycleTable table, HashSet<ISymbol> tracked, Action<Diagnostic> report)
    {
        _table = table;
        _tracked = tracked;
        _report = report;
    }

    /// <summary>What was known about the session at each switch on its status, by the switch's governing expression.</summary>
    public Dictionary<SyntaxNode, SessionValue> AtSwitches { get; } = new();

    /// <summary>Analyzes one method body; builds its graph only when the body has a session or calls a lifecycle.</summary>
    public static SessionFlowAnalysis Run(LifecycleTable table, IOperation body, Func<ControlFlowGraph> graph, Action<Diagnostic> report)
    {
        var analysis = new SessionFlowAnalysis(table, TrackableSymbols(table, body), report);
        if (analysis._tracked.Count > 0
            || body.Descendants().Any(o => o is IInvocationOperation { TargetMethod.IsStatic: true } call && table.Find(call.TargetMethod.ContainingType) is not null))
        {
            analysis.Analyze(graph());
        }

        return analysis;
    }

    private void Analyze(ControlFlowGraph graph)
    {
        System.Collections.Immutable.ImmutableArray<BasicBlock> blocks = graph.Blocks;
        FindStatusCaptures(blocks);
        var entry = new Dictionary<ISymbol, SessionValue>?[blocks.Length];
        for (int i = 0; i < blocks.Length; i++)
        {
            // The entry block, and the first blocks of catch and finally regions (which no branch reaches): nothing known.
            if (blocks[i].Kind == BasicBlockKind.Entry || blocks[i].Predecessors.IsEmpty)
            {
                entry[i] = new Dictionary<ISymbol, SessionValue>(SymbolEqualityComparer.Default);
            }
        }

        bool changed = true;
        for (int pass = 0; changed; pass++)
        {
            if (pass == MaxPasses)
            {
                return;
            }

            changed = false;
            foreach (BasicBlock block in blocks)
            {
                if (entry[block.Ordinal] is { } state)
                {
                    changed |= Flow(block, new Dictionary<ISymbol, SessionValue>(state, SymbolEqualityComparer.Default), entry, report: false);
                }
            }
        }

        _lambdas.Clear();
        foreach (BasicBlock block in blocks)
        {
            if (entry[block.Ordinal] is { } state)
            {
                Flow(block, new Dictionary<ISymbol, SessionValue>(state, SymbolEqualityComparer.Default), entry, report: true);
            }
        }

        // Lambdas belong to this graph: take them before analyzing any nested graph collects its own.
        var lambdas = _lambdas.ToList();
        foreach (IFlowAnonymousFunctionOperation lambda in lambdas)
        {
            Analyze(graph.GetAnonymousFunctionControlFlowGraph(lambda));
        }

        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            Analyze(graph.GetLocalFunctionControlFlowGraph(localFunction));
        }
    }

    /// <summary>
    /// Maps each flow capture that holds a tracked session's status (as a switch's governing value does) to the session.
    /// A capture written in several places (the arms of a conditional) stands for a session only if every write agrees.
    /// </summary>
    private void FindStatusCaptures(System.Collections.Immutable.ImmutableArray<BasicBlock> blocks)
    {
        var seen = new HashSet<CaptureId>();
        foreach (BasicBlock block in blocks)
        {
            IEnumerable<IOperation> operations = block.BranchValue is null ? block.Operations : block.Operations.Append(block.BranchValue);
            foreach (IFlowCaptureOperation capture in operations.SelectMany(o => o.DescendantsAndSelf()).OfType<IFlowCaptureOperation>())
            {
                ISymbol? session = StatusOf(capture.Value);
                if (!seen.Add(capture.Id))
                {
                    if (_captures.TryGetValue(capture.Id, out ISymbol? earlier) && !SymbolEqualityComparer.Default.Equals(earlier, session))
                    {
                        _captures[capture.Id] = null;
                    }

                    continue;
                }

                _captures[capture.Id] = session;
            }
        }
    }

    private bool Flow(BasicBlock block, Dictionary<ISymbol, SessionValue> state, Dictionary<ISymbol, SessionValue>?[] entry, bool report)
    {
        foreach (IOperation operation in block.Operations)
        {
            Visit(operation, state, report);
        }

        if (block.BranchValue is { } branch)
        {
            Visit(branch, state, report);
        }

        if (report)
        {
            return false;
        }

        bool changed = false;
        if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is null)
        {
            changed |= Merge(entry, block.FallThroughSuccessor?.Destination, state);
        }
        else
        {
            bool jumpsWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            changed |= Merge(entry, block.ConditionalSuccessor?.Destination, Narrow(state, block.BranchValue, jumpsWhen));
            changed |= Merge(entry, block.FallThroughSuccessor?.Destination, Narrow(state, block.BranchValue, !jumpsWhen));
        }

        return changed;
    }

    private static bool Merge(Dictionary<ISymbol, SessionValue>?[] entry, BasicBlock? destination, Dictionary<ISymbol, SessionValue> incoming)
    {
        if (destination is null)
        {
            return false;
        }

        if (entry[destination.Ordinal] is not { } existing)
        {
            entry[destination.Ordinal] = new Dictionary<ISymbol, SessionValue>(incoming, SymbolEqualityComparer.Default);
            return true;
        }

        bool changed = false;
        foreach (ISymbol symbol in existing.Keys.ToList())
        {
            // A variable missing from either side is unknown there, so it is unknown after the join.
            SessionValue joined = incoming.TryGetValue(symbol, out SessionValue other) ? existing[symbol].Join(other) : SessionValue.Unknown;
            if (joined != existing[symbol])
            {
                changed = true;
                if (joined == SessionValue.Unknown)
                {
                    existing.Remove(symbol);
                }
                else
                {
                    existing[symbol] = joined;
                }
            }
        }

        return changed;
    }

    private void Visit(IOperation operation, Dictionary<ISymbol, SessionValue> state, bool report)
    {
        if (operation is IFlowAnonymousFunctionOperation lambda)
        {
            if (report)
            {
                _lambdas.Add(lambda);
            }

            return;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child, state, report);
        }

        switch (operation)
        {
            case ISimpleAssignmentOperation { IsRef: false } assignment when Tracked(assignment.Target) is { } target:
                Set(state, target, ValueOf(assignment.Value, state));
                break;
            case IPropertyReferenceOperation property when report && StatusOf(property) is { } session && IsSwitchedOn(property.Syntax):
                AtSwitches[property.Syntax] = Get(state, session);
                break;
            case IInvocationOperation invocation when invocation.TargetMethod.IsStatic && _table.Find(invocation.TargetMethod.ContainingType) is { } lifecycle:
                Invoke(lifecycle, invocation, state, report);
                break;
        }
    }

    private void Invoke(LifecycleInfo lifecycle, IInvocationOperation invocation, Dictionary<ISymbol, SessionValue> state, bool report)
    {
        string name = invocation.TargetMethod.Name;
        bool isApply = name is "Apply" or "ApplyOrThrow";
        if (name is "Fire" or "FireOrThrow")
        {
            CheckFire(lifecycle, invocation, state, report);
            return;
        }

        if (!isApply && name != "Advance")
        {
            return;
        }

        IArgumentOperation? sessionArgument = Argument(invocation, "session");
        if (sessionArgument is null)
        {
            return;
        }

        ISymbol? session = Tracked(sessionArgument.Value);
        SessionValue value = session is null ? SessionValue.Unknown : Get(state, session);
        ulong expected = value.Expected & lifecycle.States;
        ulong possible = lifecycle.WithTimers(value.Possible & lifecycle.States);

        if (!isApply)
        {
            if (session is not null)
            {
                Set(state, session, new SessionValue(lifecycle.WithTimers(expected), possible, lifecycle));
            }

            return;
        }

        IArgumentOperation? eventArgument = Argument(invocation, "event");
        int? @event = eventArgument is { Value.ConstantValue: { HasValue: true } constant } ? lifecycle.Events.BitOfValue(constant.Value) : null;
        if (report && @event is int e && eventArgument is not null)
        {
            Check(lifecycle, e, eventArgument.Value, sessionArgument.Value.Syntax.ToString(), expected, possible);
        }

        if (session is not null)
        {
            Set(state, session, new SessionValue(lifecycle.StepExpected(expected, @event), lifecycle.Step(possible, @event), lifecycle));
        }
    }

    /// <summary><c>Fire(session.Status, constant)</c>: Fire is pure (no timers), so the statuses are the session's as they are.</summary>
    private void CheckFire(LifecycleInfo lifecycle, IInvocationOperation invocation, Dictionary<ISymbol, SessionValue> state, bool report)
    {
        IArgumentOperation? from = Argument(invocation, "from");
        IArgumentOperation? eventArgument = Argument(invocation, "event");
        if (!report
            || from is null
            || from.Value.ConstantValue.HasValue
            || Unwrap(from.Value) is not IPropertyReferenceOperation { Instance: { } instance } status
            || StatusOf(status) is not { } session
            || eventArgument is not { Value.ConstantValue: { HasValue: true } constant }
            || lifecycle.Events.BitOfValue(constant.Value) is not int e)
        {
            return;
        }

        SessionValue value = Get(state, session);
        Check(lifecycle, e, eventArgument.Value, instance.Syntax.ToString(), value.Expected & lifecycle.States, value.Possible & lifecycle.States);
    }

    private void Check(LifecycleInfo lifecycle, int @event, IOperation eventOperation, string sessionText, ulong expected, ulong possible)
    {
        Location location = eventOperation.Syntax.GetLocation();
        string eventName = lifecycle.Events.Names[@event];
        ulong illegal = lifecycle.IllegalIn(possible, @event);
        if (possible != 0 && illegal == possible)
        {
            IReadOnlyList<string> legal = lifecycle.EventsLegalInAll(possible);
            if (legal.Count == 0)
            {
                legal = lifecycle.EventsLegalInAny(possible);
            }

            Report(DiagnosticDescriptors.EventIllegalInEveryStatus, location, lifecycle, legal, lifecycle.Name, eventName, sessionText, lifecycle.Status.Describe(possible), List(legal));
            return;
        }

        // Unknown (every status of the lifecycle) is not a reason to warn: only what the code narrowed or set is.
        ulong illegalExpected = lifecycle.IllegalIn(expected, @event);
        if (expected != 0 && expected != lifecycle.States && illegalExpected != 0)
        {
            IReadOnlyList<string> legal = lifecycle.EventsLegalInAll(expected);
            Report(DiagnosticDescriptors.EventIllegalInSomeStatus, location, lifecycle, legal, lifecycle.Name, eventName, sessionText, lifecycle.Status.Describe(illegalExpected), List(legal));
        }
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, LifecycleInfo lifecycle, IReadOnlyList<string> legal, params object[] arguments)
    {
        if (!_reported.Add(location))
        {
            return;
        }

        var properties = new Dictionary<string, string?>
        {
            [DiagnosticDescriptors.LegalEventsProperty] = string.Join(",", legal),
            [DiagnosticDescriptors.TypeProperty] = lifecycle.Events.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        };
        _report(Diagnostic.Create(descriptor, location, System.Collections.Immutable.ImmutableDictionary.CreateRange(properties), arguments));
    }

    internal static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);

    private SessionValue ValueOf(IOperation value, Dictionary<ISymbol, SessionValue> state)
    {
        value = Unwrap(value);
        if (value is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Start" } start } invocation
            && _table.Find(start.ContainingType) is { } lifecycle)
        {
            IArgumentOperation? initial = Argument(invocation, "initial");
            if (initial is null)
            {
                // Start(now) and Start(time) start in the definition's first initial state.
                return SessionValue.Exactly(lifecycle.DefaultInitial, lifecycle);
            }

            return initial.Value.ConstantValue is { HasValue: true } constant && lifecycle.Status.BitOfValue(constant.Value) is int bit
                ? SessionValue.Exactly(1UL << bit, lifecycle)
                : SessionValue.Exactly(lifecycle.Initial, lifecycle);
        }

        if (Tracked(value) is { } other)
        {
            return Get(state, other);
        }

        return SessionValue.Unknown;
    }

    private Dictionary<ISymbol, SessionValue> Narrow(Dictionary<ISymbol, SessionValue> state, IOperation condition, bool whenTrue)
    {
        var result = new Dictionary<ISymbol, SessionValue>(state, SymbolEqualityComparer.Default);
        if (Condition(condition) is (ISymbol session, ulong matched))
        {
            ulong all = _table.SessionStatusOf(SessionType(session))?.All ?? ulong.MaxValue;
            Set(result, session, Get(result, session).Narrow(whenTrue ? matched : all & ~matched));
        }

        return result;
    }

    /// <summary>The session a condition tests, and the statuses for which it is true; null when it is not such a test.</summary>
    private (ISymbol Session, ulong Matched)? Condition(IOperation condition)
    {
        condition = Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not when Condition(not.Operand) is (ISymbol s, ulong m):
                return (s, All(s) & ~m);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
            {
                (ISymbol? session, IOperation other) = StatusOf(binary.LeftOperand) is { } left
                    ? (left, binary.RightOperand)
                    : (StatusOf(binary.RightOperand), binary.LeftOperand);
                if (session is null || Bit(session, other) is not ulong bit)
                {
                    return null;
                }

                return (session, binary.OperatorKind == BinaryOperatorKind.Equals ? bit : All(session) & ~bit);
            }

            case IIsPatternOperation pattern when StatusOf(pattern.Value) is { } session && Matches(session, pattern.Pattern) is ulong matched:
                return (session, matched);
            default:
                return null;
        }
    }

    /// <summary>The statuses a pattern matches exactly; null when the pattern is not made of constants.</summary>
    private ulong? Matches(ISymbol session, IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => Bit(session, constant.Value),
        IDiscardPatternOperation => All(session),
        INegatedPatternOperation negated => Matches(session, negated.Pattern) is ulong m ? All(session) & ~m : null,
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => Matches(session, or.LeftPattern) is ulong l && Matches(session, or.RightPattern) is ulong r ? l | r : null,
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => Matches(session, and.LeftPattern) is ulong l && Matches(session, and.RightPattern) is ulong r ? l & r : null,
        _ => null,
    };

    private ulong? Bit(ISymbol session, IOperation constant) =>
        constant.ConstantValue is { HasValue: true } value && _table.SessionStatusOf(SessionType(session))?.BitOfValue(value.Value) is int bit ? 1UL << bit : null;

    private ulong All(ISymbol session) => _table.SessionStatusOf(SessionType(session))?.All ?? ulong.MaxValue;

    /// <summary>The tracked session whose <c>Status</c> this operation reads (directly or through a flow capture).</summary>
    private ISymbol? StatusOf(IOperation operation)
    {
        operation = Unwrap(operation);
        if (operation is IFlowCaptureReferenceOperation reference)
        {
            return _captures.TryGetValue(reference.Id, out ISymbol? captured) ? captured : null;
        }

        return operation is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } ? Tracked(instance) : null;
    }

    private ISymbol? Tracked(IOperation operation)
    {
        ISymbol? symbol = Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        return symbol is not null && _tracked.Contains(symbol) ? symbol : null;
    }

    private static bool IsSwitchedOn(SyntaxNode syntax) => syntax.Parent switch
    {
        SwitchStatementSyntax statement => statement.Expression == syntax,
        SwitchExpressionSyntax expression => expression.GoverningExpression == syntax,
        _ => false,
    };

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static IArgumentOperation? Argument(IInvocationOperation invocation, string parameter) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);

    private static SessionValue Get(Dictionary<ISymbol, SessionValue> state, ISymbol session) =>
        state.TryGetValue(session, out SessionValue value) ? value : SessionValue.Unknown;

    private static void Set(Dictionary<ISymbol, SessionValue> state, ISymbol session, SessionValue value)
    {
        if (value == SessionValue.Unknown)
        {
            state.Remove(session);
        }
        else
        {
            state[session] = value;
        }
    }

    private static ITypeSymbol? SessionType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        _ => null,
    };

    /// <summary>
    /// The session variables worth following: ordinary locals and by-value or <c>ref</c> parameters of type
    /// <c>SessionState&lt;TStatus&gt;</c> that nothing but assignments and the lifecycles' Apply and Advance can change.
    /// </summary>
    private static HashSet<ISymbol> TrackableSymbols(LifecycleTable table, IOperation body)
    {
        var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var excluded = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.None } local } when table.SessionStatusOf(local.Type) is not null:
                    candidates.Add(local);
                    break;
                case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None or RefKind.Ref } parameter } when table.SessionStatusOf(parameter.Type) is not null:
                    candidates.Add(parameter);
                    break;
            }

            ISymbol? referenced = operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (referenced is not null && table.SessionStatusOf(SessionType(referenced)) is not null && MayChangeUnseen(table, operation, referenced))
            {
                excluded.Add(referenced);
            }
        }

        candidates.ExceptWith(excluded);
        return candidates;
    }

    private static bool MayChangeUnseen(LifecycleTable table, IOperation reference, ISymbol symbol)
    {
        if (reference.Syntax.Ancestors().Any(a => a is FinallyClauseSyntax))
        {
            return true;
        }

        for (IOperation? ancestor = reference.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is IAnonymousFunctionOperation or ILocalFunctionOperation
                && !symbol.DeclaringSyntaxReferences.Any(r => ancestor.Syntax.Span.Contains(r.Span)))
            {
                return true;
            }
        }

        switch (reference.Parent)
        {
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                return !(argument.Parent is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Apply" or "ApplyOrThrow" or "Advance" } method }
                    && table.Find(method.ContainingType) is not null
                    && argument.Parameter.Name == "session");
            case IInvocationOperation invocation when invocation.Instance == reference:
                return !invocation.TargetMethod.IsReadOnly;
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                return assignment.IsRef;
            case IAssignmentOperation assignment when assignment.Target == reference:
                return true;
            case IAddressOfOperation or ITupleOperation:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return declarator.Symbol.RefKind != RefKind.None;
            case IArgumentOperation:
            case IPropertyReferenceOperation:
            case IFieldReferenceOperation:
                return false;
        }

        // `ref s` anywhere else (a ref return, a ref conditional) hands out an alias.
        return reference.Syntax.Parent is RefExpressionSyntax;
    }
}
