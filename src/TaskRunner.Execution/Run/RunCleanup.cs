using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Run;

/// <summary>The end of a run on the engine: everything it made goes, whatever way the run ended.</summary>
/// <param name="engineName">The --platform-engine engine this clean-up is for (named in its messages), or null for the default engine.</param>
public sealed class RunCleanup(IContainerEngine engine, IRunObserver observer, bool dryRun, string? engineName = null)
{
    /// <summary>
    /// Removes what the run made: its containers (after their pending removals and output readers), the networks and
    /// volumes <paramref name="created"/> recorded (each recorded before the call that created it), and anything else
    /// carrying the run's label (what an interrupted engine call still produced); all of it kept with --keep. Failures
    /// are reported, never thrown.
    /// </summary>
    public async Task CleanUpAsync(RunOptions options, RunNames names, RunLedger ledger, CreatedResources created)
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
        var removed = await RemoveAsync(names, ledger.Containers, created.Volumes, created.Networks).ConfigureAwait(false);
        foreach (var failure in removed.Failures) Message("clean-up: " + failure);
        Message($"removed the run's containers, {removed.Volumes} volume(s) and {removed.Networks} network(s)");
        if (removed.Failures.Count > 0 && !dryRun)
            Message($"some of the run's objects are left on the engine: `{CleanCommand(names.RunId)}` removes them, as does "
                + $"a later `taskrunner run --id {names.RunId}` before it starts");
    }

    /// <summary>
    /// Before a run: removes what an earlier run with the same id left on the engine (one cut short by a second
    /// interrupt, or by the engine going away). Nothing is done for a dry run; failures are reported, never thrown.
    /// </summary>
    public async Task RemoveLeftoversAsync(RunNames names, CancellationToken cancellationToken)
    {
        if (dryRun) return;
        EngineObjects left;
        try { left = await engine.ListLabelledAsync(RunNames.RunLabel, names.RunId, cancellationToken).ConfigureAwait(false); }
        catch (EngineException) { return; } // the run's own first call reports an engine that does not answer
        if (left.IsEmpty) return;
        var removed = await RemoveAsync(names, [], [], []).ConfigureAwait(false);
        foreach (var failure in removed.Failures) Message("clean-up of the earlier run: " + failure);
        Message($"removed what an earlier run with id {names.RunId} left: {left.Containers.Count} container(s), "
            + $"{left.Volumes.Count} volume(s) and {left.Networks.Count} network(s)");
    }

    /// <summary>
    /// Removes the given containers and every container labelled with the run's id (all at once, the given ones while
    /// the labelled ones are listed), then the given and the labelled volumes and networks (all at once). A name the engine does not know is no error.
    /// </summary>
    private async Task<Removed> RemoveAsync(RunNames names, IReadOnlyList<string> containers, IReadOnlyList<string> volumes, IReadOnlyList<string> networks)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new List<string>();
        async Task<bool> Try(Func<Task> action)
        {
            try
            {
                await action().ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is EngineException or OperationCanceledException or HttpRequestException or IOException)
            {
                lock (failures) failures.Add(e.Message);
                return false;
            }
        }
        // The containers all at once (the known ones while the engine lists the labelled ones), then, once none holds
        // them, the volumes and networks all at once.
        var removals = containers.Select(container => Try(() => engine.RemoveContainerAsync(container, limit.Token))).ToList();
        var allVolumes = new HashSet<string>(volumes, StringComparer.Ordinal);
        var allNetworks = new HashSet<string>(networks, StringComparer.Ordinal);
        if (!dryRun)
        {
            await Try(async () =>
            {
                var labelled = await engine.ListLabelledAsync(RunNames.RunLabel, names.RunId, limit.Token).ConfigureAwait(false);
                removals.AddRange(labelled.Containers.Except(containers).Select(container => Try(() => engine.RemoveContainerAsync(container, limit.Token))));
                allVolumes.UnionWith(labelled.Volumes);
                allNetworks.UnionWith(labelled.Networks);
            }).ConfigureAwait(false);
        }
        await Task.WhenAll(removals).ConfigureAwait(false);
        var results = await Task.WhenAll(
            allVolumes.Select(volume => Try(() => engine.RemoveVolumeAsync(volume, limit.Token)))
                .Concat(allNetworks.Select(network => Try(() => engine.RemoveNetworkAsync(network, limit.Token))))).ConfigureAwait(false);
        return new Removed(results.Take(allVolumes.Count).Count(ok => ok), results.Skip(allVolumes.Count).Count(ok => ok), failures);
    }

    /// <summary>`taskrunner clean` for this engine: a platform engine's context by --context, its address by DOCKER_HOST.</summary>
    private string CleanCommand(string runId) => engineName switch
    {
        null => $"taskrunner clean --id {runId}",
        var address when address.Contains("://", StringComparison.Ordinal) => $"DOCKER_HOST={address} taskrunner clean --id {runId}",
        var context => $"taskrunner clean --context {context} --id {runId}",
    };

    private sealed record Removed(int Volumes, int Networks, IReadOnlyList<string> Failures);

    private void Message(string text)
    {
        if (!dryRun) observer.OnEvent(new RunMessage(engineName is null ? text : $"engine {engineName}: {text}"));
    }
}
