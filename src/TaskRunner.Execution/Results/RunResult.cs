namespace TaskRunner.Execution.Results;

/// <summary>Everything a finished run reports: its status, each step's result, the images built and pushed.</summary>
public sealed record RunResult
{
    public required string RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>In file order.</summary>
    public required IReadOnlyList<StepResult> Steps { get; init; }
    public required IReadOnlyList<BuiltImage> ImagesBuilt { get; init; }
    public required IReadOnlyList<PushedImage> ImagesPushed { get; init; }
    /// <summary>Image reference to its registry digest, for base images present locally with one.</summary>
    public IReadOnlyDictionary<string, string> BaseImageDigests { get; init; } = new Dictionary<string, string>();
    /// <summary>The git commit of the run (<c>.Run.Commit</c>), empty when unknown.</summary>
    public string Commit { get; init; } = "";
    /// <summary>A message for the whole run (timeout, interruption, a failure before any step ran).</summary>
    public string? Error { get; init; }
    /// <summary>Names of engine objects left on purpose (--keep).</summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    public int ExitCode => Status switch
    {
        RunStatus.Succeeded => 0,
        RunStatus.Cancelled => 130,
        _ => 1,
    };
}
