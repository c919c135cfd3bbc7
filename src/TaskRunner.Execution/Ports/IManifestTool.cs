namespace TaskRunner.Execution.Ports;

/// <summary>
/// <c>docker manifest ARGS</c> run in process against the registry. One instance serves one run: the manifest lists
/// a run creates live until it ends.
/// </summary>
public interface IManifestTool
{
    /// <param name="arguments">What follows <c>docker manifest</c>.</param>
    /// <returns>The exit code, as docker's.</returns>
    Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);

    /// <summary>
    /// Readies the tool, in the background, for the run's commands (arguments after <c>docker manifest</c>) while the
    /// run sets up; <paramref name="runRegistry"/> is the run's registry ("" for none). Never fails, never writes.
    /// </summary>
    void WarmUp(IReadOnlyList<IReadOnlyList<string>> commands, string runRegistry);
}
