namespace TaskRunner.Execution.Run;

/// <summary>How to run a plan: the source directory and the choices of <c>taskrunner run</c>'s flags.</summary>
public sealed record RunOptions
{
    /// <summary>The run's source: the content of /workspace and the base of relative build contexts.</summary>
    public required string SourceDirectory { get; init; }
    /// <summary>Mount /var/run/docker.sock into cmd steps, as ACR does (--no-docker-socket turns it off).</summary>
    public bool MountDockerSocket { get; init; } = true;
    /// <summary>
    /// The engine runs on this machine (a socket, or tcp on loopback). When it does not, the socket is mounted from the
    /// engine's host without looking for it here, as this machine's /var/run/docker.sock says nothing about that host.
    /// </summary>
    public bool EngineIsLocal { get; init; } = true;
    /// <summary>Leave the run's containers (and the volumes and networks they use) for debugging.</summary>
    public bool Keep { get; init; }
    /// <summary>Mount the source directory itself at /workspace instead of a copy (--bind): steps can change it.</summary>
    public bool BindSource { get; init; }
    /// <summary>An existing volume to use as the home volume (/acb/home), reused and never removed (--homevol).</summary>
    public string? HomeVolume { get; init; }
    /// <summary>An existing network every cmd step also joins (--network).</summary>
    public string? ExternalNetwork { get; init; }
    /// <summary>Image (or alias) to local image replacements applied to the first word of cmd steps (--image-alias).</summary>
    public IReadOnlyDictionary<string, string> ImageAliases { get; init; } = new Dictionary<string, string>();
    /// <summary>Deadline of the whole run (ACR's default: one hour).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(1);
    /// <summary>
    /// The run id was made for this run (no --id): no earlier run can have left anything under it, so the look for
    /// leftovers before the run is skipped, and its lock file goes with the run.
    /// </summary>
    public bool IdIsNew { get; init; }
    /// <summary>First delay between push attempts (doubles each time; 3 attempts in all).</summary>
    public TimeSpan PushRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
