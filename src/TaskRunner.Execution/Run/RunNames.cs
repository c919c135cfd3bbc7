using System.Text;

namespace TaskRunner.Execution.Run;

/// <summary>
/// Names of everything a run creates on the engine. Each carries the run id so two runs on one engine never collide,
/// and each object carries the label <see cref="RunLabel"/> = run id, which clean-up and tests query.
/// </summary>
public sealed class RunNames(string runId)
{
    public const string RunLabel = "io.taskrunner.run";

    public string RunId { get; } = runId;
    private string Prefix { get; } = "taskrunner-" + Sanitise(runId);

    public string DefaultNetwork => Prefix + "-network";
    public string WorkspaceVolume => Prefix + "-volume-workspace";
    public string HomeVolume => Prefix + "-volume-home";
    public string TaskVolume(string name) => $"{Prefix}-task-volume-{Sanitise(name)}";

    /// <summary>The container of a step's attempt; the first one has the plain name.</summary>
    public string Container(string stepId, int serial) => serial <= 1 ? $"{Prefix}-{Sanitise(stepId)}" : $"{Prefix}-{Sanitise(stepId)}-{serial}";

    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { [RunLabel] = RunId };

    /// <summary>Docker CLI commands that remove every container, volume and network of the run (by its label).</summary>
    public static string RemoveCommands(string runId)
    {
        var filter = $"'label={RunLabel}={runId.Replace("'", "'\\''", StringComparison.Ordinal)}'";
        return $"docker ps -aq --filter {filter} | xargs -r docker rm -f; docker volume ls -q --filter {filter} | xargs -r docker volume rm; "
            + $"docker network ls -q --filter {filter} | xargs -r docker network rm";
    }

    /// <summary>Replaces characters the engine does not accept in names ([a-zA-Z0-9_.-]).</summary>
    public static string Sanitise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        return builder.Length == 0 ? "_" : builder.ToString();
    }
}
