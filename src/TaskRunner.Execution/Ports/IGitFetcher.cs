namespace TaskRunner.Execution.Ports;

/// <summary>
/// Fetches a build context given as a git URL (<c>URL#ref:subdir</c>, as docker takes it) into a local directory.
/// Throws <see cref="Steps.StepFailedException"/> with a message for the step when it cannot.
/// </summary>
public interface IGitFetcher
{
    Task<GitContext> FetchAsync(string url, Action<string> output, CancellationToken cancellationToken);
    /// <summary>Removes what <see cref="FetchAsync"/> made.</summary>
    void Delete(GitContext context);
}

/// <summary>
/// A fetched build context: its directory and the commit checked out. <paramref name="Directory"/> is null when the
/// context was not fetched (a dry run): the build is then described without its files.
/// </summary>
public sealed record GitContext(string? Directory, string Commit);
