using System.CommandLine;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Steps.Build;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner graph</c>: the step graph after defaults, as text, Mermaid or dot.</summary>
public static class GraphCommand
{
    public static Command Create()
    {
        var options = new TaskFileOptions();
        var format = new Option<string>("--format") { Description = "text, mermaid or dot", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "mermaid", "dot");
        var command = new Command("graph", CommandHelp.Describe(
            "Print the step graph after defaults: which step waits on which, timeouts, retries.",
            "taskrunner graph -f acr-task.yaml",
            "taskrunner graph -f acr-task.yaml --format mermaid > steps.mmd",
            "taskrunner graph -f acr-task.yaml --format dot | dot -Tpng > steps.png"));
        var platformEngine = new PlatformEngineFlag();
        command.Options.Add(format);
        command.Options.Add(platformEngine.Option);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            IReadOnlyList<PlatformEngineOption> platformEngines;
            try
            {
                platformEngines = platformEngine.Parse(parse);
                PlatformEngineFlag.Resolve(platformEngines);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"taskrunner: {e.Message}");
                return ExitCodes.Usage;
            }
            var (result, exit, masker) = TaskLoading.Load(options, parse, Console.Error);
            if (exit != ExitCodes.Ok || result?.Plan is null) return exit == ExitCodes.Ok ? ExitCodes.Failure : exit;
            // With --platform-engine, each step shows the engine it would run on (and the warnings of a run, on stderr).
            Func<PlannedStep, string>? engineOf = null;
            if (platformEngines.Count > 0)
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(options.ResolveFile(parse)!))!;
                var assignment = EngineAssignment.Assign(result.Plan, platformEngines, SourceDockerfileBases.From(directory));
                Output.DiagnosticWriter.Write(Console.Error, Output.DiagnosticFormat.Text, assignment.Diagnostics, strict: false, masker);
                engineOf = assignment.Describe;
            }
            Console.Out.Write(masker.Mask(StepGraphFormatter.Format(result.Plan, parse.GetValue(format) ?? "text", engineOf)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
