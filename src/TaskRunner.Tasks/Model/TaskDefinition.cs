using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A parsed task file (acr-task.yaml) after aliases, templates and YAML parsing.</summary>
public sealed record TaskDefinition
{
    /// <summary>The original file's path as given by the user (used in every diagnostic).</summary>
    public required string File { get; init; }
    /// <summary>Normalised version: <c>v1.1.0</c>, <c>v1.0.0</c> or <c>1.0-preview-1</c>.</summary>
    public required string Version { get; init; }
    /// <summary>Where the <c>version</c> value is written; null when the task has none.</summary>
    public SourceSpan? VersionSpan { get; init; }
    /// <summary>Seconds as written; null when absent (the planner applies 600).</summary>
    public Located<int>? StepTimeout { get; init; }
    public string? WorkingDirectory { get; init; }
    /// <summary>Task env entries after comma splitting.</summary>
    public IReadOnlyList<Located<string>> Env { get; init; } = [];
    public IReadOnlyList<SecretDefinition> Secrets { get; init; } = [];
    public IReadOnlyList<NetworkDefinition> Networks { get; init; } = [];
    public IReadOnlyList<VolumeDefinition> Volumes { get; init; } = [];
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];
}
