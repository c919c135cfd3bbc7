namespace TaskRunner.Tasks.Model;

/// <summary>The arguments of a build step, as <c>docker build</c> takes them.</summary>
public sealed record DockerBuildArguments
{
    /// <summary>The positional context: a directory (relative to the run's source), <c>-</c> is not supported, or a git URL.</summary>
    public required string Context { get; init; }
    /// <summary>-f/--file as given; null for the context's <c>Dockerfile</c>.</summary>
    public string? File { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>--build-arg entries: a null value means "take it from the environment".</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> BuildArgs { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public string? Target { get; init; }
    public string? Platform { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    public string? Network { get; init; }
    public string? Isolation { get; init; }
    public bool Quiet { get; init; }
    /// <summary>--cache-from images.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    /// <summary>--add-host entries, <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>--shm-size in bytes.</summary>
    public long? ShmSize { get; init; }
}
