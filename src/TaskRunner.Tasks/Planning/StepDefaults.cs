namespace TaskRunner.Tasks.Planning;

/// <summary>acb's defaults for values a task leaves out.</summary>
public static class StepDefaults
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(600);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    public const string Workspace = "/workspace";
    public const string Home = "/acb/home";

    /// <summary>An absolute path is used as it is; a relative one (or none) is under /workspace.</summary>
    public static string WorkingDirectory(string? path)
    {
        if (string.IsNullOrEmpty(path)) return Workspace;
        var combined = path.StartsWith('/') ? path : Workspace + "/" + path;
        var parts = new List<string>();
        foreach (var part in combined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>The step's entries first, then the task's entries whose names the step does not set.</summary>
    public static IReadOnlyList<string> MergeEnv(IEnumerable<string> step, IEnumerable<string> task)
    {
        var stepList = step.ToList();
        var names = stepList.Select(Name).ToHashSet(StringComparer.Ordinal);
        return stepList.Concat(task.Where(e => !names.Contains(Name(e)))).ToList();
    }

    private static string Name(string entry) => entry.Split('=', 2)[0];
}
