namespace TaskRunner.Benchmarks;

internal static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRunner.sln"))) dir = dir.Parent;
        dir ??= new DirectoryInfo(Directory.GetCurrentDirectory());
        return dir.FullName;
    }
}
