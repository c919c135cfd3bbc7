using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Run;

/// <summary>
/// What runs left on an engine (a run killed outright, or whose engine went away during its clean-up): every
/// container, network and volume carrying the run label, by run id. <c>taskrunner clean</c> removes them; a run still
/// going on this machine (its lock is held) is left alone.
/// </summary>
public sealed class LeftoverRuns(IContainerEngine engine, IRunObserver observer)
{
    /// <summary>The run ids with objects on the engine and what each has there, optionally only <paramref name="runId"/>.</summary>
    public async Task<IReadOnlyDictionary<string, EngineObjects>> FindAsync(string? runId, CancellationToken cancellationToken)
    {
        var all = await engine.ListByLabelValueAsync(RunNames.RunLabel, cancellationToken).ConfigureAwait(false);
        return runId is null ? all : all.Where(p => p.Key == runId).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Removes what each of <paramref name="runs"/> left, holding that run id's lock while it does, so that a run
    /// starting with the same id waits; a run whose lock is held is still going and keeps its objects. Returns the
    /// run ids left alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(IEnumerable<string> runs, CancellationToken cancellationToken)
    {
        var busy = new List<string>();
        foreach (var runId in runs)
        {
            using var held = RunLock.TryAcquire(runId);
            if (held is null)
            {
                observer.OnEvent(new RunMessage($"run {runId} is still going on this machine: its objects are left alone"));
                busy.Add(runId);
                continue;
            }
            await new RunCleanup(engine, observer, dryRun: false).RemoveLeftoversAsync(new RunNames(runId), cancellationToken).ConfigureAwait(false);
        }
        return busy;
    }
}
