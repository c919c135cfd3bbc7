namespace TaskRunner.Fidelity.Tests.Harness;

public static class Repo
{
    /// <summary>The repository root: the first directory above the test assembly that holds TaskRunner.sln.</summary>
    public static string Root() => TaskRunner.TestSupport.Repository.Root;

    public static string Cases => Path.Combine(Root(), "tests", "fidelity", "cases");
}
