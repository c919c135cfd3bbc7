using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>For <c>--dry-run</c>: says which repository it would clone; clones none (the build is described without its files).</summary>
public sealed class DryRunGitFetcher(IRunObserver observer) : IGitFetcher
{
    public Task<GitContext> FetchAsync(string url, Action<string> output, CancellationToken cancellationToken)
    {
        observer.OnEvent(new RunMessage("would clone " + url));
        return Task.FromResult(new GitContext(null, ""));
    }

    public void Delete(GitContext context) { }
}
