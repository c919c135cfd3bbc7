using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps.Manifest;

/// <summary>
/// A cmd step whose command is <c>docker manifest ...</c>: run in process through the run's <see cref="IManifestTool"/>
/// (against the registry), not as a container, so the task needs no docker CLI image.
/// </summary>
public static class ManifestStep
{
    /// <summary>The arguments after <c>docker manifest</c> when the command's words are such a command; null otherwise.</summary>
    public static IReadOnlyList<string>? ArgumentsOf(IReadOnlyList<string> words) =>
        words.Count >= 2 && words[0] == "docker" && words[1] == "manifest" ? words.Skip(2).ToList() : null;

    /// <summary>The <c>docker manifest</c> commands (with a subcommand) of the plan's cmd steps, in step order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> CommandsOf(ExecutionPlan plan)
    {
        var commands = new List<IReadOnlyList<string>>();
        foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Cmd))
        {
            IReadOnlyList<string> words;
            try { words = ShellWords.Split(step.Definition.Command ?? ""); }
            catch (FormatException) { continue; }
            if (ArgumentsOf(words) is { Count: > 0 } arguments) commands.Add(arguments);
        }
        return commands;
    }

    /// <summary>Runs the command with its output as the step's; a non-zero exit code fails the attempt.</summary>
    public static async Task RunAsync(IManifestTool manifest, IReadOnlyList<string> arguments, StepAttempt attempt, CancellationToken cancellationToken)
    {
        using var stdout = new LineWriter((l, continues) => attempt.Output(l, false, continues));
        using var stderr = new LineWriter((l, continues) => attempt.Output(l, true, continues));
        var exitCode = await manifest.RunAsync(arguments, stdout, stderr, cancellationToken).ConfigureAwait(false);
        stdout.Flush();
        stderr.Flush();
        if (exitCode != 0) throw new StepFailedException($"docker manifest exited with code {exitCode}", exitCode: exitCode);
    }
}
