using System.CommandLine;
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
        command.Options.Add(format);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (result, exit, masker) = TaskLoading.Load(options, parse, Console.Error);
            if (exit != ExitCodes.Ok || result?.Plan is null) return exit == ExitCodes.Ok ? ExitCodes.Failure : exit;
            Console.Out.Write(masker.Mask(StepGraphFormatter.Format(result.Plan, parse.GetValue(format) ?? "text")));
            return ExitCodes.Ok;
        });
        return command;
    }
}
