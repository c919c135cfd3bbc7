namespace TaskRunner.Execution.Tests.Support;

internal static class Repository
{
    /// <summary>The repository root (where TaskRunner.sln is).</summary>
    public static string Root { get; } = FindRoot();

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    public static string Registry => Environment.GetEnvironmentVariable("TASKRUNNER_REGISTRY") is { Length: > 0 } r ? r : "127.0.0.1:5000";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TaskRunner.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
