using System.CommandLine;
using TaskRunner.Cli.Output;
using TaskRunner.Execution.Events;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary>Loads the task named by the shared flags, writing diagnostics to stderr, for render, graph and run.</summary>
public static class TaskLoading
{
    private static readonly SecretMasker NoSecrets = new([]);

    /// <summary>
    /// The load result, or an exit code when the file is missing (2) or the task has errors (1); and the masker of the
    /// secrets given, which everything printed from the result goes through.
    /// </summary>
    public static (LoadResult? Result, int ExitCode, SecretMasker Masker) Load(TaskFileOptions options, ParseResult parse, TextWriter stderr, string? runId = null)
    {
        var file = options.ResolveFile(parse);
        if (file is null)
        {
            stderr.WriteLine("taskrunner: no task file: give one with -f, or run where acr-task.yaml or acb.yaml is");
            return (null, ExitCodes.Usage, NoSecrets);
        }
        if (TaskFileOptions.FileProblem(file) is { } problem)
        {
            stderr.WriteLine($"taskrunner: {problem}");
            return (null, ExitCodes.Usage, NoSecrets);
        }
        var request = options.ToLoadRequest(parse, file, runId);
        var masker = new SecretMasker(request.Secrets.Values);
        var result = TaskLoader.Load(request);
        DiagnosticWriter.Write(stderr, DiagnosticFormat.Text, result.Diagnostics, strict: false, masker);
        return (result, result.HasErrors ? ExitCodes.Failure : ExitCodes.Ok, masker);
    }
}
