using System.CommandLine;
using TaskRunner.Cli.Commands;

namespace TaskRunner.Cli;

/// <summary>The command tree and the rules every command shares: usage errors exit 2, user errors never show a stack trace.</summary>
public static class TaskRunnerApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand(CommandHelp.Describe(
            "TaskRunner runs Azure Container Registry multi-step task files (acr-task.yaml) locally, as ACR would.",
            "taskrunner validate acr-task.yaml",
            "taskrunner render -f acr-task.yaml --id run1 -r 127.0.0.1:5000",
            "taskrunner graph -f acr-task.yaml --format mermaid",
            "taskrunner run -f acr-task.yaml -r 127.0.0.1:5000 ."));
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(GraphCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ManifestCommand.Create());
        root.Subcommands.Add(CleanCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"taskrunner: {error.Message}");
            Console.Error.WriteLine("Run 'taskrunner --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            // Settings from the environment are checked before any work starts, not where they are first used.
            TaskRunner.Registry.HostAddressOverrides.FromEnvironment();
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("taskrunner: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TaskRunner.Registry.RegistryException)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A defect of TaskRunner, not of the user's input: say so plainly; the trace only on request.
            Console.Error.WriteLine($"taskrunner: internal error ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("TASKRUNNER_DEBUG") is "1" or "true") Console.Error.WriteLine(e);
            else Console.Error.WriteLine("Set TASKRUNNER_DEBUG=1 to see where it happened, and please report it.");
            return ExitCodes.Failure;
        }
    }
}
