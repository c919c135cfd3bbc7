namespace TaskRunner.Tasks.Loading;

/// <summary>Everything needed to turn a task file into a plan: the file, the run's identity and the user's values.</summary>
public sealed record LoadRequest
{
    /// <summary>The path shown in diagnostics and used to resolve relative alias sources.</summary>
    public required string File { get; init; }
    /// <summary>The file's text; read from <see cref="File"/> when null.</summary>
    public string? Text { get; init; }
    public RunContext Run { get; init; } = new();
    /// <summary>A values file (YAML), deep-merged under <see cref="Set"/>.</summary>
    public string? ValuesFile { get; init; }
    /// <summary><c>--set key=value</c> options in the order given (the last duplicate wins).</summary>
    public IReadOnlyList<string> Set { get; init; } = [];
    /// <summary><c>.Secrets</c>: id to value.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
    /// <summary>The working directory of steps when the task sets none (acb's --working-directory).</summary>
    public string? DefaultWorkingDirectory { get; init; }
    public string LeftDelimiter { get; init; } = "{{";
    public string RightDelimiter { get; init; } = "}}";
}
