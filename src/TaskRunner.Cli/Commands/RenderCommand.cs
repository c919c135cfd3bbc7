using System.CommandLine;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner render</c>: the task text after aliases and templates, exactly what is parsed as YAML.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var options = new TaskFileOptions();
        var command = new Command("render", CommandHelp.Describe(
            "Print the task after comment removal, aliases and template rendering: exactly the YAML that is parsed.",
            "taskrunner render -f acr-task.yaml --id run1 -r myregistry.azurecr.io",
            "taskrunner render -f acr-task.yaml --values values.yaml --set tag=1.0"));
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (result, exit, masker) = TaskLoading.Load(options, parse, Console.Error);
            if (result?.RenderedText is { } text && exit != ExitCodes.Usage) Console.Out.Write(MaskLines(text, masker));
            return exit;
        });
        return command;
    }

    /// <summary>Secrets masked line by line, as step output is in a run.</summary>
    private static string MaskLines(string text, TaskRunner.Execution.Events.SecretMasker masker) =>
        masker.IsEmpty ? text : string.Join('\n', text.Split('\n').Select(masker.Mask));
}
