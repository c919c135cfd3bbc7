using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Tasks.Loading;

/// <summary>What loading produced: the rendered text, the task, the plan (null when there are errors), and every diagnostic.</summary>
public sealed class LoadResult
{
    public string? RenderedText { get; init; }
    public TaskDefinition? Task { get; init; }
    public ExecutionPlan? Plan { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
