namespace TaskRunner.Execution.Archives;

/// <summary>
/// The patterns of a .dockerignore file. A path is excluded when the last pattern matching it (or matching one of its
/// parent directories) is not an exception, as Docker decides.
/// </summary>
public sealed class DockerIgnore
{
    public static readonly DockerIgnore Empty = new([]);

    private readonly IReadOnlyList<DockerIgnorePattern> _patterns;

    public DockerIgnore(IReadOnlyList<DockerIgnorePattern> patterns)
    {
        _patterns = patterns;
        HasExceptions = patterns.Any(p => p.IsException);
    }

    public IReadOnlyList<DockerIgnorePattern> Patterns => _patterns;

    /// <summary>True when some <c>!</c> line may re-include paths below an excluded directory.</summary>
    public bool HasExceptions { get; }

    public static DockerIgnore Parse(string text) =>
        new(text.Split('\n').Select(DockerIgnorePattern.Compile).OfType<DockerIgnorePattern>().ToList());

    /// <summary>Reads <c>.dockerignore</c> in a context directory; <see cref="Empty"/> when absent.</summary>
    public static DockerIgnore Load(string contextDirectory)
    {
        var file = Path.Combine(contextDirectory, ".dockerignore");
        return File.Exists(file) ? Parse(File.ReadAllText(file)) : Empty;
    }

    /// <summary>Whether a slash-separated path relative to the context root is left out of the context.</summary>
    public bool IsExcluded(string path)
    {
        if (_patterns.Count == 0) return false;
        path = DockerIgnorePattern.CleanPath(path);
        var ancestors = Ancestors(path);
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(path) || ancestors.Any(pattern.Matches)) excluded = !pattern.IsException;
        }
        return excluded;
    }

    private static List<string> Ancestors(string path)
    {
        var result = new List<string>();
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1)) result.Add(path[..slash]);
        return result;
    }
}
