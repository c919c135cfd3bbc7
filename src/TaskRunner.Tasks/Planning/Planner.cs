using TaskRunner.Registry.Names;
using TaskRunner.Tasks.Loading;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Validation;

namespace TaskRunner.Tasks.Planning;

/// <summary>Applies defaults and resolves the step graph of a valid task.</summary>
public static class Planner
{
    public static ExecutionPlan Plan(TaskDefinition task, RunContext run, string? defaultWorkingDirectory = null)
    {
        var stepTimeout = task.StepTimeout is { Value: > 0 } t ? TimeSpan.FromSeconds(t.Value) : StepDefaults.StepTimeout;
        var taskEnv = task.Env.Select(e => e.Value).ToList();
        var steps = new List<PlannedStep>(task.Steps.Count);
        for (var i = 0; i < task.Steps.Count; i++)
        {
            var step = task.Steps[i];
            steps.Add(new PlannedStep
            {
                Definition = step,
                Id = StepIds.Of(step),
                DependsOn = Dependencies(task, i),
                Timeout = step.Timeout is { Value: > 0 } timeout ? TimeSpan.FromSeconds(timeout.Value) : stepTimeout,
                StartDelay = TimeSpan.FromSeconds(Math.Max(0, step.StartDelay?.Value ?? 0)),
                Retries = Math.Max(0, step.Retries?.Value ?? 0),
                RetryDelay = step.RetryDelay is { Value: > 0 } delay ? TimeSpan.FromSeconds(delay.Value) : StepDefaults.RetryDelay,
                Repeat = Math.Max(0, step.Repeat?.Value ?? 0),
                Env = StepDefaults.MergeEnv(step.Env.Select(e => e.Value), taskEnv),
                WorkingDirectory = step.DisableWorkingDirectoryOverride
                    ? null
                    : StepDefaults.WorkingDirectory(step.WorkingDirectory ?? task.WorkingDirectory ?? defaultWorkingDirectory),
                PushImages = step.Push.Select(p => AcbSpelling.NormaliseTag(p.Value.Trim())).Distinct(StringComparer.Ordinal).ToList(),
            });
        }
        return new ExecutionPlan { Task = task, Run = run, Steps = steps, StepTimeout = stepTimeout };
    }

    /// <summary>No <c>when</c>: after the previous step; <c>["-"]</c>: immediately; ids: after each of them (<c>acb_root</c>, the graph's start, is no wait).</summary>
    private static IReadOnlyList<string> Dependencies(TaskDefinition task, int index)
    {
        var when = task.Steps[index].When;
        if (when is null || when.Count == 0)
            return index == 0 ? [] : [StepIds.Of(task.Steps[index - 1])];
        return when.Select(w => w.Value).Where(w => w != StepIds.Immediate && w != StepIds.Root).Distinct(StringComparer.Ordinal).ToList();
    }
}
