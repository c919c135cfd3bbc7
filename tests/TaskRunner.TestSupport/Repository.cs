namespace TaskRunner.TestSupport;

/// <summary>Where the tests find the repository's files, and the registry the shared services run.</summary>
public static class Repository
{
    /// <summary>The repository root: the nearest directory above the test assembly that holds TaskRunner.sln.</summary>
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary>A path inside the repository: <c>Repository.Path("tests", "fixtures")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Sample(string name) => Path("samples", name);

    /// <summary>The registry tests/infra/services.sh runs (or <c>$TASKRUNNER_REGISTRY</c>).</summary>
    public static string Registry => Environment.GetEnvironmentVariable("TASKRUNNER_REGISTRY") is { Length: > 0 } r ? r : "127.0.0.1:5000";

    /// <summary>The nearest directory at or above <paramref name="start"/> that holds TaskRunner.sln.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TaskRunner.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (TaskRunner.sln) above " + start);
    }
}
