using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Planning;

/// <summary>A step with every default applied and its dependencies resolved: what the executor runs.</summary>
public sealed class PlannedStep
{
    public required StepDefinition Definition { get; init; }
    public required string Id { get; init; }
    public StepKind Kind => Definition.Kind;
    /// <summary>Ids of the steps that must finish first; empty means it starts immediately.</summary>
    public required IReadOnlyList<string> DependsOn { get; init; }
    /// <summary>One deadline for the step, covering all retries and repeats.</summary>
    public required TimeSpan Timeout { get; init; }
    public required TimeSpan StartDelay { get; init; }
    public required int Retries { get; init; }
    public required TimeSpan RetryDelay { get; init; }
    public required int Repeat { get; init; }
    /// <summary>Step env followed by the task env entries whose keys the step does not set.</summary>
    public required IReadOnlyList<string> Env { get; init; }
    /// <summary>The container working directory (relative paths under /workspace); null when overriding is disabled.</summary>
    public required string? WorkingDirectory { get; init; }
    /// <summary>Push images with <c>:latest</c> added when untagged and duplicates removed.</summary>
    public required IReadOnlyList<string> PushImages { get; init; }
}
