using TaskRunner.Tasks.Loading;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Planning;

/// <summary>The task ready to run: defaults applied, the step graph resolved, in file order.</summary>
public sealed class ExecutionPlan
{
    public required TaskDefinition Task { get; init; }
    public required RunContext Run { get; init; }
    public required IReadOnlyList<PlannedStep> Steps { get; init; }
    public required TimeSpan StepTimeout { get; init; }

    public PlannedStep this[string id] => Steps.First(s => s.Id == id);
}
