using System.CommandLine;
using TaskRunner.Cli.Output;
using TaskRunner.Execution.Events;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary>Loads the task named by the shared flags, writing diagnostics to stderr, for render, graph and run: the one loader of the CLI.</summary>
public static class TaskLoading
{
    private static readonly SecretMasker NoSecrets = new([]);

    /// <summary>
    /// The load result, or an exit code when the file is missing (2) or the task has errors (1); the secrets given
    /// (--secret) and their masker, which everything printed from the result goes through.
    /// </summary>
    /// <param name="sharedVolume">What <c>.Run.SharedVolume</c> names (a run's workspace); null for the default.</param>
    public static Loaded Load(TaskFileOptions options, ParseResult parse, TextWriter stderr, string? runId = null, string? sharedVolume = null)
    {
        var file = options.ResolveFile(parse);
        if (file is null)
        {
            stderr.WriteLine("taskrunner: no task file: give one with -f, or run where acr-task.yaml or acb.yaml is");
            return new Loaded(null, ExitCodes.Usage, NoSecrets, []);
        }
        if (TaskFileOptions.FileProblem(file) is { } problem)
        {
            stderr.WriteLine($"taskrunner: {problem}");
            return new Loaded(null, ExitCodes.Usage, NoSecrets, []);
        }
        var request = options.ToLoadRequest(parse, file, runId);
        if (sharedVolume is not null) request = request with { Run = request.Run with { SharedVolume = sharedVolume } };
        var secrets = request.Secrets.Values.ToList();
        var masker = new SecretMasker(secrets);
        var result = TaskLoader.Load(request);
        DiagnosticWriter.Write(stderr, DiagnosticFormat.Text, result.Diagnostics, strict: false, masker);
        return new Loaded(result, result.HasErrors ? ExitCodes.Failure : ExitCodes.Ok, masker, secrets);
    }

    /// <summary>What <see cref="Load"/> gives: the result (null when there is no file), the exit code so far, the masker and the secrets it masks.</summary>
    public sealed record Loaded(LoadResult? Result, int ExitCode, SecretMasker Masker, IReadOnlyList<string> Secrets)
    {
        public void Deconstruct(out LoadResult? result, out int exitCode, out SecretMasker masker) => (result, exitCode, masker) = (Result, ExitCode, Masker);
    }
}
