using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Adapters.Git;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// The one place that chooses a run's doors to the world: the real adapters (the Docker engine, <c>docker buildx</c>,
/// the registry client for <c>docker manifest</c> and credentials, git), or for <c>--dry-run</c> their dry twins,
/// which reach nothing.
/// </summary>
public static class RunAdapters
{
    /// <summary>The real adapters on <paramref name="engine"/>, or the dry twins when it is null (<c>--dry-run</c>).</summary>
    public static async Task<RunPorts> CreateAsync(EngineEndpoint? engine, IRunObserver observer, RunCredentials credentials, CancellationToken cancellationToken)
    {
        if (engine is null) return DryRunPorts.Create(observer, new RegistryCredentialSource(credentials.GivenOnly()));
        var store = credentials.Store();
        return new RunPorts
        {
            Engine = await DockerEngineConnector.ConnectAsync(engine, cancellationToken),
            BuildKit = new BuildxCliBuilder(),
            // `docker manifest` steps run in process, against the registry, with one manifest-list store per run.
            Manifests = new RegistryManifestTool(store),
            Credentials = new RegistryCredentialSource(store),
            Git = new GitCliFetcher(),
        };
    }
}
