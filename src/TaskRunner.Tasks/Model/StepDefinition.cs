using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>
/// One step as written in the task file, after rendering. Optional properties are null when absent; defaults are
/// applied by the planner (<see cref="Planning.StepDefaults"/>), not here.
/// </summary>
public sealed record StepDefinition
{
    /// <summary>0-based index in the file's step list.</summary>
    public required int Index { get; init; }
    /// <summary>Where the step's mapping starts.</summary>
    public required SourceSpan Span { get; init; }
    public required StepKind Kind { get; init; }

    /// <summary>The docker build arguments (build), the image and arguments (cmd); null for push.</summary>
    public string? Command { get; init; }
    public SourceSpan CommandSpan { get; init; }
    /// <summary>Images of a push step, as written.</summary>
    public IReadOnlyList<Located<string>> Push { get; init; } = [];

    public Located<string>? Id { get; init; }
    public IReadOnlyList<Located<string>>? When { get; init; }
    public SourceSpan WhenSpan { get; init; }
    public IReadOnlyList<Located<string>> Env { get; init; } = [];
    public string? WorkingDirectory { get; init; }
    public bool DisableWorkingDirectoryOverride { get; init; }
    public string? EntryPoint { get; init; }
    public string? User { get; init; }
    public string? Network { get; init; }
    public string? Isolation { get; init; }
    public string? Cpus { get; init; }
    public bool Privileged { get; init; }
    public bool Keep { get; init; }
    public bool Detach { get; init; }
    public IReadOnlyList<string> Ports { get; init; } = [];
    public IReadOnlyList<string> Expose { get; init; } = [];
    /// <summary>Seconds; null when absent.</summary>
    public Located<int>? Timeout { get; init; }
    public Located<int>? StartDelay { get; init; }
    public Located<int>? Retries { get; init; }
    public Located<int>? RetryDelay { get; init; }
    public IReadOnlyList<string> RetryOnErrors { get; init; } = [];
    public Located<int>? Repeat { get; init; }
    public bool IgnoreErrors { get; init; }
    public bool Pull { get; init; }
    /// <summary><c>enabled</c> or <c>disabled</c> (build only); null when absent.</summary>
    public Located<string>? Cache { get; init; }
    public IReadOnlyList<VolumeMount> VolumeMounts { get; init; } = [];

    /// <summary>Position of each key present in the step's mapping, by key name.</summary>
    public IReadOnlyDictionary<string, SourceSpan> Keys { get; init; } = new Dictionary<string, SourceSpan>();
}
