using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>For <c>--dry-run</c>: says which <c>docker manifest</c> command it would run against the registry; contacts none.</summary>
public sealed class DryRunManifestTool(IRunObserver observer) : IManifestTool
{
    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        observer.OnEvent(new RunMessage("would run docker manifest " + string.Join(' ', arguments)));
        return Task.FromResult(0);
    }

    /// <summary>Nothing to ready: a dry run contacts no registry.</summary>
    public void WarmUp(IReadOnlyList<IReadOnlyList<string>> commands, string runRegistry) { }
}
