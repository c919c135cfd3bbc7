using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>For <c>--dry-run</c>: says which BuildKit build it would run; runs none.</summary>
public sealed class DryRunBuildKitBuilder(IRunObserver observer) : IBuildKitBuilder
{
    public Task BuildAsync(BuildKitBuild build, Action<string> output, CancellationToken cancellationToken)
    {
        observer.OnEvent(new RunMessage($"would run docker buildx build --load {string.Join(' ', build.Arguments)} in {build.WorkingDirectory}"));
        return Task.CompletedTask;
    }
}
