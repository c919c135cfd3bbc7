namespace TaskRunner.Execution.Archives;

/// <summary>
/// Paths of a build step seen from /workspace, where acb runs <c>docker build</c>: relative paths and paths under
/// /workspace become slash-separated paths relative to the workspace root ("" for the root itself).
/// </summary>
public static class WorkspacePaths
{
    private const string Root = "/workspace";

    /// <summary>The path relative to the workspace root; null when it leaves /workspace.</summary>
    public static string? Resolve(string? path)
    {
        if (path is null) return null;
        path = path.Replace('\\', '/');
        if (path == Root) path = "";
        else if (path.StartsWith(Root + "/", StringComparison.Ordinal)) path = path[(Root.Length + 1)..];
        else if (path.StartsWith('/')) return null;
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/> (both workspace-relative); null when outside it.</summary>
    public static string? RelativeTo(string directory, string path) =>
        directory.Length == 0 ? path
        : path.StartsWith(directory + "/", StringComparison.Ordinal) ? path[(directory.Length + 1)..]
        : null;
}
