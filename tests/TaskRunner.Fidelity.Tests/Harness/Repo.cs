namespace TaskRunner.Fidelity.Tests.Harness;

public static class Repo
{
    /// <summary>The repository root: the first directory above the test assembly that holds TaskRunner.sln.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRunner.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (TaskRunner.sln) not found above " + AppContext.BaseDirectory);
    }

    public static string Cases => Path.Combine(Root(), "tests", "fidelity", "cases");
}
