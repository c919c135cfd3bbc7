using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// What loading produced: the text after comment lines and aliases, the rendered text, the task, the plan (null when
/// there are errors), and every diagnostic.
/// </summary>
public sealed class LoadResult
{
    /// <summary>The input of templating in a task with aliases on (v1.1.0): comment lines removed, aliases expanded; else null.</summary>
    public string? ProcessedText { get; init; }
    public string? RenderedText { get; init; }
    public TaskDefinition? Task { get; init; }
    public ExecutionPlan? Plan { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
