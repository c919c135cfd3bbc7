using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Adapters.Git;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// The one place that chooses a run's doors to the world: the real adapters (the Docker engine, <c>docker buildx</c>,
/// the registry client for <c>docker manifest</c> and credentials, git), or for <c>--dry-run</c> their dry twins,
/// which reach nothing.
/// </summary>
public static class RunAdapters
{
    /// <summary>The real adapters on <paramref name="engine"/>, or the dry twins when it is null (<c>--dry-run</c>).</summary>
    /// <param name="assignment">Which steps run on the --platform-engine engines.</param>
    /// <param name="platformEngines">The --platform-engine engines by name: each used one is connected (at once, beside the default one).</param>
    public static async Task<RunPorts> CreateAsync(EngineEndpoint? engine, IRunObserver observer, RunCredentials credentials, CancellationToken cancellationToken,
        EngineAssignment? assignment = null, IReadOnlyDictionary<string, EngineEndpoint>? platformEngines = null)
    {
        assignment ??= EngineAssignment.None;
        var used = assignment.PlatformEnginesUsed.Where(name => platformEngines?.ContainsKey(name) == true).ToList();
        if (engine is null)
        {
            var dry = DryRunPorts.Create(observer, new RegistryCredentialSource(credentials.GivenOnly()));
            return dry with
            {
                Assignment = assignment,
                PlatformEngines = used.ToDictionary(name => name, name => new EnginePorts(
                    new DryRunEngine(new EngineLabelledObserver(observer, name)), new DryRunBuildKitBuilder(new EngineLabelledObserver(observer, name)), name), StringComparer.Ordinal),
            };
        }
        var store = credentials.Store();
        // Every engine is reached at once; one that cannot be reached fails the run before anything is made, naming it.
        var connecting = used.Select(async name =>
        {
            try
            {
                return (name, engine: await DockerEngineConnector.ConnectAsync(platformEngines![name], cancellationToken));
            }
            catch (EngineException e)
            {
                var flags = string.Join(", ", assignment.Options.Where(o => o.Engine == name));
                throw new EngineException($"platform engine {name} (--platform-engine {flags}): {e.Message}", e);
            }
        }).ToList();
        var defaultEngine = DockerEngineConnector.ConnectAsync(engine, cancellationToken);
        try
        {
            await Task.WhenAll(connecting.Cast<Task>().Append(defaultEngine));
        }
        catch
        {
            foreach (var task in connecting.Where(t => t.IsCompletedSuccessfully)) task.Result.engine.Dispose();
            if (defaultEngine.IsCompletedSuccessfully) defaultEngine.Result.Dispose();
            // The default engine's failure first, as without --platform-engine; then the first platform engine's.
            // A cancelled connection (an interrupt while an engine answers slowly) rethrows as cancelled.
            if (defaultEngine.IsFaulted) throw defaultEngine.Exception!.InnerException!;
            if (connecting.FirstOrDefault(t => t.IsFaulted) is { } failed) throw failed.Exception!.InnerException!;
            throw new OperationCanceledException(cancellationToken);
        }
        return new RunPorts
        {
            Engine = defaultEngine.Result,
            BuildKit = new BuildxCliBuilder(),
            // `docker manifest` steps run in process, against the registry, with one manifest-list store per run.
            Manifests = new RegistryManifestTool(store),
            Credentials = new RegistryCredentialSource(store),
            Git = new GitCliFetcher(),
            Assignment = assignment,
            PlatformEngines = connecting.ToDictionary(t => t.Result.name,
                t => new EnginePorts(t.Result.engine, new EngineBoundBuildKit(new BuildxCliBuilder(), t.Result.name), platformEngines![t.Result.name].Describe()), StringComparer.Ordinal),
        };
    }

    /// <summary>A dry platform engine's "would ..." lines, each naming the engine.</summary>
    private sealed class EngineLabelledObserver(IRunObserver inner, string engine) : IRunObserver
    {
        public void OnEvent(RunEvent runEvent) => inner.OnEvent(runEvent is RunMessage message ? message with { Text = $"engine {engine}: {message.Text}" } : runEvent);
    }
}
