using System.Runtime.InteropServices;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// Ctrl+C and SIGTERM during a run: the first cancels the run, whose clean-up still happens; a second exits at once
/// and prints the commands that remove what is left, as docker compose does.
/// </summary>
public static class RunInterrupts
{
    /// <summary>Runs <paramref name="run"/> with the signals handled; an engine error ends it with exit code 1.</summary>
    /// <param name="platformEngines">The --platform-engine engines the run uses (context names or addresses): their commands are printed too.</param>
    /// <summary>The `taskrunner clean` command that removes what the run left on its engine (with the run's --context).</summary>
    public static string CleanCommand(string runId, string? contextName) =>
        $"taskrunner clean{(string.IsNullOrEmpty(contextName) ? "" : $" --context {contextName}")} --id {runId}";

    public static int Execute(string runId, Func<CancellationToken, Task<int>> run, IReadOnlyCollection<string>? platformEngines = null, string? contextName = null)
    {
        using var interrupted = new CancellationTokenSource();
        void Interrupt(PosixSignalContext context)
        {
            if (interrupted.IsCancellationRequested)
            {
                // A second signal while the run cleans up: the user wants out now, as with docker compose.
                Spectre.Console.AnsiConsole.Cursor.Show(true); // the live view hides it
                Console.Error.WriteLine($"taskrunner: interrupted again; exiting without finishing the clean-up. Remove what is left with `{CleanCommand(runId, contextName)}`, or:");
                Console.Error.WriteLine("  " + RunNames.RemoveCommands(runId));
                foreach (var engine in platformEngines ?? [])
                {
                    var select = engine.Contains("://", StringComparison.Ordinal) ? $"DOCKER_HOST='{engine}'" : $"DOCKER_HOST= DOCKER_CONTEXT='{engine}'";
                    Console.Error.WriteLine($"  and on engine {engine}: {select} sh -c \"{RunNames.RemoveCommands(runId)}\"");
                }
                Environment.Exit(ExitCodes.Cancelled);
            }
            // The first signal cancels the run (clean-up still happens); the default termination is held back.
            context.Cancel = true;
            Console.Error.WriteLine("taskrunner: interrupted; stopping the run and removing what it created (interrupt again to exit at once)...");
            interrupted.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            return run(interrupted.Token).GetAwaiter().GetResult();
        }
        catch (EngineException e)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
