using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Scheduling;

/// <summary>
/// Runs the step graph: a step starts as soon as every step it depends on has finished (successfully, or failed with
/// ignoreErrors), so independent steps run in parallel. The first real failure stops the run: steps still running
/// are cancelled and steps not started are skipped. Cancelling the token does the same. Steps that are next in line
/// (everything they wait for has succeeded or is running) are announced once to <c>prepare</c>, so work that does not
/// depend on the steps before them can start early.
/// </summary>
public sealed class StepGraphScheduler(IRunObserver observer)
{
    public async Task<IReadOnlyList<StepResult>> RunAsync(
        IReadOnlyList<PlannedStep> steps,
        Func<PlannedStep, CancellationToken, Task<StepResult>> runStep,
        CancellationToken cancellationToken,
        Action<PlannedStep>? prepare = null)
    {
        var results = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var running = new Dictionary<Task<StepResult>, PlannedStep>();
        var pending = steps.ToList();
        var announced = new HashSet<string>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        while (true)
        {
            if (!stop.IsCancellationRequested)
            {
                foreach (var step in pending.ToList())
                {
                    if (!step.DependsOn.All(results.ContainsKey)) continue;
                    pending.Remove(step);
                    if (step.DependsOn.All(d => results[d].LetsDependantsRun))
                        running.Add(Guard(step, runStep, stop.Token), step);
                    else
                        Finish(results, new StepResult(step.Id, step.Kind, StepStatus.Skipped, TimeSpan.Zero, "a step it depends on did not succeed"));
                }
                if (prepare is not null) AnnounceNext(pending, results, running.Values, announced, prepare);
            }
            if (running.Count == 0) break;
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            running.Remove(done);
            var result = await done.ConfigureAwait(false);
            Finish(results, result);
            if (!result.LetsDependantsRun && !stop.IsCancellationRequested) await stop.CancelAsync().ConfigureAwait(false);
        }
        foreach (var step in pending)
            Finish(results, new StepResult(step.Id, step.Kind, StepStatus.Skipped, TimeSpan.Zero, null));
        return steps.Select(s => results[s.Id]).ToList();
    }

    private static void AnnounceNext(List<PlannedStep> pending, Dictionary<string, StepResult> results, IEnumerable<PlannedStep> running,
        HashSet<string> announced, Action<PlannedStep> prepare)
    {
        var runningIds = running.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var step in pending)
        {
            if (announced.Contains(step.Id)) continue;
            if (!step.DependsOn.All(d => runningIds.Contains(d) || (results.TryGetValue(d, out var r) && r.LetsDependantsRun))) continue;
            announced.Add(step.Id);
            prepare(step);
        }
    }

    private void Finish(Dictionary<string, StepResult> results, StepResult result)
    {
        results[result.StepId] = result;
        observer.OnEvent(new StepFinished(result));
    }

    private static async Task<StepResult> Guard(PlannedStep step, Func<PlannedStep, CancellationToken, Task<StepResult>> runStep, CancellationToken token)
    {
        await Task.Yield();
        try
        {
            return await runStep(step, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new StepResult(step.Id, step.Kind, StepStatus.Cancelled, TimeSpan.Zero, "cancelled");
        }
        catch (Exception e)
        {
            return new StepResult(step.Id, step.Kind, StepStatus.Failed, TimeSpan.Zero, e.Message);
        }
    }
}
