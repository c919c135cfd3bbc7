
namespace TaskRunner.Execution.Ports;

/// <summary>
/// Every door a run has to the world outside the process: the engine, the BuildKit builder, the in-process
/// <c>docker manifest</c>, the credential source and git. The command line wires real adapters or their dry twins
/// (<see cref="Adapters.DryRun.DryRunPorts"/>) once, so a dry run has no way to reach the world.
/// </summary>
public sealed record RunPorts
{
    public required IContainerEngine Engine { get; init; }
    public required IBuildKitBuilder BuildKit { get; init; }
    /// <summary>Runs <c>docker manifest</c> steps; null: such steps run as ordinary containers.</summary>
    public IManifestTool? Manifests { get; init; }
    public required ICredentialSource Credentials { get; init; }
    public required IGitFetcher Git { get; init; }
    /// <summary>The engines of --platform-engine, keyed by the option's engine (a context name or an address); empty without the option.</summary>
    public IReadOnlyDictionary<string, EnginePorts> PlatformEngines { get; init; } = new Dictionary<string, EnginePorts>();
    /// <summary>The build steps that run on each engine, and the engine each push sends each image from.</summary>
    public Run.EngineAssignment Assignment { get; init; } = Run.EngineAssignment.None;
    /// <summary>True for the dry twins: the run describes what it would do (its own lifecycle lines are the twins' "would ..." lines).</summary>
    public bool DryRun { get; init; }
}

/// <summary>One engine of --platform-engine: its client and a BuildKit builder that reaches it.</summary>
/// <param name="Description">The engine's address in words, for messages (<c>tcp://host:2376 (context arm, TLS)</c>).</param>
public sealed record EnginePorts(IContainerEngine Engine, IBuildKitBuilder BuildKit, string Description);
