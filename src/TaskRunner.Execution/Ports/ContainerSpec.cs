namespace TaskRunner.Execution.Ports;

/// <summary>Everything needed to create a step's container.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    /// <summary>Arguments after the image (the container's command); empty keeps the image's CMD.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
    /// <summary>Null keeps the image's ENTRYPOINT.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDirectory { get; init; }
    public string? User { get; init; }
    public bool Privileged { get; init; }
    public string? Network { get; init; }
    public IReadOnlyList<string> NetworkAliases { get; init; } = [];
    public string? Isolation { get; init; }
    /// <summary>CPU limit in billionths of a CPU (as <c>docker run --cpus</c>); null for none.</summary>
    public long? NanoCpus { get; init; }
    public IReadOnlyList<PortBinding> Ports { get; init; } = [];
    /// <summary>Container ports exposed without publishing, e.g. <c>80/tcp</c>.</summary>
    public IReadOnlyList<string> Expose { get; init; } = [];
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
