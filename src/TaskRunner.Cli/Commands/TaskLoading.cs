using System.CommandLine;
using TaskRunner.Cli.Output;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary>Loads the task named by the shared flags, writing diagnostics to stderr, for render, graph and run.</summary>
public static class TaskLoading
{
    /// <summary>The load result, or an exit code when the file is missing (2) or the task has errors (1).</summary>
    public static (LoadResult? Result, int ExitCode) Load(TaskFileOptions options, ParseResult parse, TextWriter stderr, string? runId = null)
    {
        var file = options.ResolveFile(parse);
        if (file is null)
        {
            stderr.WriteLine("taskrunner: no task file: give one with -f, or run where acr-task.yaml or acb.yaml is");
            return (null, ExitCodes.Usage);
        }
        if (!File.Exists(file))
        {
            stderr.WriteLine($"taskrunner: task file '{file}' does not exist");
            return (null, ExitCodes.Usage);
        }
        var result = TaskLoader.Load(options.ToLoadRequest(parse, file, runId));
        DiagnosticWriter.Write(stderr, DiagnosticFormat.Text, result.Diagnostics, strict: false);
        return result.HasErrors ? (result, ExitCodes.Failure) : (result, ExitCodes.Ok);
    }
}
