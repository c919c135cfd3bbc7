using TaskRunner.Tasks.Loading;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Tests.Support;

/// <summary>Plans made from task text through the real loader, as `taskrunner run` makes them.</summary>
internal static class Plans
{
    public static ExecutionPlan Load(string yaml, string runId, string registry = "")
    {
        var result = TaskLoader.Load(new LoadRequest
        {
            File = "acr-task.yaml",
            Text = yaml,
            Run = new RunContext { Id = runId, Registry = registry },
        });
        if (result.HasErrors || result.Plan is null)
            throw new InvalidOperationException("test task does not load: " + string.Join("; ", result.Diagnostics.Select(d => d.ToString())));
        return result.Plan;
    }

    public static ExecutionPlan LoadFile(string path, string runId, string registry = "")
    {
        var result = TaskLoader.Load(new LoadRequest { File = path, Run = new RunContext { Id = runId, Registry = registry } });
        if (result.HasErrors || result.Plan is null)
            throw new InvalidOperationException("task does not load: " + string.Join("; ", result.Diagnostics.Select(d => d.ToString())));
        return result.Plan;
    }
}
