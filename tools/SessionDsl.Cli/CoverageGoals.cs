using SessionDsl.Language.Model;

namespace SessionDsl.Cli;

/// <summary>
/// What a set of scenarios should exercise in a lifecycle: every transition from each of its source states (a
/// transition declared <c>from: [A, B]</c> is two goals), and every timer firing in each state it runs in.
/// <c>paths</c> generates scenarios to cover them; <c>coverage</c> counts which are covered.
/// </summary>
internal sealed class CoverageGoals
{
    private readonly Dictionary<string, CoverageGoal> _goals = new(StringComparer.Ordinal);

    public CoverageGoals(LifecycleModel lifecycle)
    {
        foreach (TransitionModel transition in lifecycle.Transitions)
        {
            foreach (Named from in transition.From)
            {
                var goal = new CoverageGoal(TransitionKey(transition, from.Name), "transition", $"{from.Name} --{transition.Event.Name}--> {transition.To.Name}{(transition.GuardText is { } guard ? $" when {guard}" : "")}", transition.Span.StartLine + 1);
                _goals.TryAdd(goal.Key, goal);
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            foreach (Named state in timer.States)
            {
                var goal = new CoverageGoal(TimerKey(timer.Name, state.Name), "timer", $"{timer.Name} in {state.Name} --> {timer.To.Name}{(timer.GuardText is { } guard ? $" when {guard}" : "")}", timer.Span.StartLine + 1);
                _goals.TryAdd(goal.Key, goal);
            }
        }
    }

    /// <summary>Every goal, transitions first, each in declaration order.</summary>
    public IReadOnlyCollection<CoverageGoal> All => _goals.Values;

    public int Transitions => _goals.Values.Count(g => g.Kind == "transition");

    public int Timers => _goals.Values.Count(g => g.Kind == "timer");

    public static string TransitionKey(TransitionModel transition, string from) => $"t{transition.Index}:{from}";

    public static string TimerKey(string timer, string state) => $"timer:{timer}:{state}";

    /// <summary>The goals one step reached: the transition it applied, the timers it fired.</summary>
    public static IEnumerable<string> Reached(string before, TransitionModel? transition, IReadOnlyList<FiredTimer> fired)
    {
        foreach (FiredTimer timer in fired)
        {
            yield return TimerKey(timer.Timer, timer.From);
        }

        if (transition is not null)
        {
            // Timers due first may have moved the session: the transition's source is the status just before it.
            yield return TransitionKey(transition, fired.Count > 0 ? fired[^1].To : before);
        }
    }
}

/// <summary>One thing to exercise: its key, kind (transition or timer), how the report shows it, and its line in the definition.</summary>
internal sealed record CoverageGoal(string Key, string Kind, string Description, int Line);
