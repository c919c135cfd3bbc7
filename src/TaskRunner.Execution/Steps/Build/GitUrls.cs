namespace TaskRunner.Execution.Steps.Build;

/// <summary>Build contexts given as git URLs, as docker recognises them.</summary>
public static class GitUrls
{
    public static bool IsGitUrl(string context) =>
        context.StartsWith("git@", StringComparison.Ordinal) || context.StartsWith("git://", StringComparison.Ordinal)
        || context.StartsWith("github.com/", StringComparison.Ordinal)
        || ((context.StartsWith("https://", StringComparison.Ordinal) || context.StartsWith("http://", StringComparison.Ordinal) || context.StartsWith("file://", StringComparison.Ordinal))
            && (context.Split('#')[0].EndsWith(".git", StringComparison.Ordinal) || context.Contains(".git#", StringComparison.Ordinal)));
}
