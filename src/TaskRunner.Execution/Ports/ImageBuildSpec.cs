namespace TaskRunner.Execution.Ports;

/// <summary>The engine-side options of an image build (the context travels separately as a tar stream).</summary>
public sealed record ImageBuildSpec
{
    /// <summary>The Dockerfile's path inside the context tar.</summary>
    public required string Dockerfile { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Target { get; init; }
    public string? Platform { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    public string? Network { get; init; }
    public string? Isolation { get; init; }
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    public long? ShmSize { get; init; }
    /// <summary>Credentials for registries the build pulls base images from.</summary>
    public IReadOnlyList<RegistryAuth> Auths { get; init; } = [];
}
