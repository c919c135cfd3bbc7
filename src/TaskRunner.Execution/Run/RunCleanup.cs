using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Run;

/// <summary>The end of a run on the engine: everything it made goes, whatever way the run ended.</summary>
public sealed class RunCleanup(IContainerEngine engine, IRunObserver observer, bool dryRun)
{
    /// <summary>
    /// Removes what the run made: its containers (after their pending removals and output readers), anything else
    /// carrying the run's label, and the networks and volumes <paramref name="workspace"/> created; all of it kept with
    /// --keep. Failures are reported, never thrown.
    /// </summary>
    public async Task CleanUpAsync(RunOptions options, RunNames names, RunLedger ledger, RunWorkspace workspace)
    {
        await Task.WhenAll(ledger.PendingRemovals).ConfigureAwait(false);
        // Output readers of detached containers end with the run.
        try { await Task.WhenAll(ledger.BackgroundTasks).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException) { }
        if (options.Keep)
        {
            Message("kept for debugging (--keep)");
            return;
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new List<string>();
        async Task Try(Func<Task> action)
        {
            try { await action().ConfigureAwait(false); }
            catch (Exception e) when (e is EngineException or OperationCanceledException or HttpRequestException) { lock (failures) failures.Add(e.Message); }
        }
        foreach (var container in ledger.Containers) await Try(() => engine.RemoveContainerAsync(container, limit.Token)).ConfigureAwait(false);
        // Anything else carrying the run's label (a container left by an interrupted engine call) goes too.
        if (!dryRun)
        {
            await Try(async () =>
            {
                var leftovers = await engine.ListLabelledAsync(RunNames.RunLabel, names.RunId, limit.Token).ConfigureAwait(false);
                foreach (var container in leftovers.Containers) await engine.RemoveContainerAsync(container, limit.Token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        await Task.WhenAll(
            workspace.Created.Volumes.Select(volume => Try(() => engine.RemoveVolumeAsync(volume, limit.Token)))
                .Concat(workspace.Created.Networks.Select(network => Try(() => engine.RemoveNetworkAsync(network, limit.Token))))).ConfigureAwait(false);
        foreach (var failure in failures) Message("clean-up: " + failure);
        Message($"removed the run's containers, {workspace.Created.Volumes.Count} volume(s) and {workspace.Created.Networks.Count} network(s)");
    }

    private void Message(string text)
    {
        if (!dryRun) observer.OnEvent(new RunMessage(text));
    }
}
