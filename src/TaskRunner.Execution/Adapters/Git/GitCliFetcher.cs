using System.Text;
using CliWrap;
using CliWrap.Buffered;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Scheduling;

namespace TaskRunner.Execution.Adapters.Git;

/// <summary>
/// <see cref="IGitFetcher"/> through the git CLI: cloned into a temporary directory, the ref checked out, the
/// subdirectory used as the context.
/// </summary>
public sealed class GitCliFetcher : IGitFetcher
{
    /// <summary>
    /// Clones the URL and returns the context directory inside the clone (delete it with <see cref="Delete"/>) and the
    /// commit checked out (acb's <c>git-head-revision</c>).
    /// </summary>
    public async Task<GitContext> FetchAsync(string url, Action<string> output, CancellationToken cancellationToken)
    {
        var hash = url.IndexOf('#');
        var repository = hash < 0 ? url : url[..hash];
        var fragment = hash < 0 ? "" : url[(hash + 1)..];
        var colon = fragment.IndexOf(':');
        var gitRef = colon < 0 ? fragment : fragment[..colon];
        var subdirectory = colon < 0 ? "" : fragment[(colon + 1)..];
        if (repository.StartsWith("github.com/", StringComparison.Ordinal)) repository = "https://" + repository;

        var root = Path.Combine(Path.GetTempPath(), "taskrunner-git-" + Guid.NewGuid().ToString("N"));
        var clone = Path.Combine(root, "repo");
        Directory.CreateDirectory(root);
        try
        {
            output($"Cloning {repository}" + (gitRef.Length > 0 ? $" at {gitRef}" : ""));
            await Git(root, output, cancellationToken, "clone", "--quiet", "--recurse-submodules", repository, clone).ConfigureAwait(false);
            if (gitRef.Length > 0)
            {
                await Git(clone, output, cancellationToken, "fetch", "--quiet", "origin", gitRef).ConfigureAwait(false);
                await Git(clone, output, cancellationToken, "checkout", "--quiet", "FETCH_HEAD").ConfigureAwait(false);
            }
            var directory = Path.GetFullPath(Path.Combine(clone, subdirectory));
            if (!directory.StartsWith(clone, StringComparison.Ordinal) || !Directory.Exists(directory))
                throw new StepFailedException($"build: '{subdirectory}' is not a directory of {repository}");
            var commit = await Git(clone, _ => { }, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false);
            return new GitContext(directory, commit.Trim());
        }
        catch
        {
            DeleteClone(root);
            throw;
        }
    }

    public void Delete(GitContext context)
    {
        if (context.Directory is { } directory) DeleteClone(directory);
    }

    /// <summary>Removes a clone made by <see cref="FetchAsync"/> (given its context directory or its root).</summary>
    private static void DeleteClone(string directory)
    {
        var root = directory;
        while (Path.GetFileName(root) is { } name && !name.StartsWith("taskrunner-git-", StringComparison.Ordinal) && Path.GetDirectoryName(root) is { } parent) root = parent;
        if (Path.GetFileName(root).StartsWith("taskrunner-git-", StringComparison.Ordinal) && Directory.Exists(root)) Directory.Delete(root, true);
    }

    private static async Task<string> Git(string workingDirectory, Action<string> output, CancellationToken cancellationToken, params string[] arguments)
    {
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(workingDirectory)
                .WithEnvironmentVariables(new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" })
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new StepFailedException("build: a git URL context needs git, which is not installed", e);
        }
        foreach (var line in (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries)) output(line.TrimEnd('\r'));
        if (result.ExitCode != 0) throw new StepFailedException($"build: git {arguments[0]} failed with exit code {result.ExitCode}");
        return result.StandardOutput;
    }
}

