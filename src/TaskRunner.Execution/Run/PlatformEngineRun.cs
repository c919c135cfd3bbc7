using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Run;

/// <summary>
/// A run's part on one engine of --platform-engine. Its steps are builds, whose context is streamed through the API
/// (after a cmd step, from the default engine's workspace volume), so the engine gets no workspace or home volume and
/// no docker socket: only the task's networks that its builds name (<c>--network</c>), created unless they say
/// skipCreation or exist. What it made is removed at the end by its own <see cref="RunCleanup"/>, as on the default engine.
/// </summary>
public sealed class PlatformEngineRun(string name, EnginePorts ports, IRunObserver observer, bool dryRun)
{
    public string Name { get; } = name;
    public EnginePorts Ports { get; } = ports;
    public CreatedResources Created { get; } = new();
    public RunCleanup Cleanup { get; } = new(ports.Engine, observer, dryRun, name);

    /// <summary>Creates the networks the build steps <paramref name="stepIds"/> name, when the task declares them.</summary>
    public async Task SetUpAsync(ExecutionPlan plan, IEnumerable<string> stepIds, RunNames names, CancellationToken cancellationToken)
    {
        var ids = stepIds.ToHashSet(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in plan.Steps.Where(s => ids.Contains(s.Id)))
        {
            try
            {
                if (DockerBuildArgumentParser.Parse(step.Definition.Command ?? "", BuildKitEnvironment.IsOn(step.Env)).Network is { Length: > 0 } network)
                    named.Add(network);
            }
            catch (FormatException) { } // the step itself reports it
        }
        foreach (var network in plan.Task.Networks.Where(n => named.Contains(n.Name) && !n.SkipCreation))
        {
            if (await Ports.Engine.NetworkExistsAsync(network.Name, cancellationToken).ConfigureAwait(false)) continue;
            lock (Created) Created.Networks.Add(network.Name);
            await Ports.Engine.CreateNetworkAsync(new NetworkSpec(network.Name, network.Driver, network.Ipv6, names.Labels), cancellationToken).ConfigureAwait(false);
            if (!dryRun) observer.OnEvent(new RunMessage($"engine {Name}: created network {network.Name}"));
        }
    }
}

/// <summary>With --platform-engine: stamps step starts and ends with the engine the step runs on.</summary>
internal sealed class EngineStampingObserver(IRunObserver inner, Func<string, string> engineOf) : IRunObserver
{
    public void OnEvent(RunEvent runEvent) => inner.OnEvent(runEvent switch
    {
        StepStarted started => started with { Engine = engineOf(started.StepId) },
        StepFinished finished => finished with { Result = finished.Result with { Engine = engineOf(finished.Result.StepId) } },
        _ => runEvent,
    });
}
