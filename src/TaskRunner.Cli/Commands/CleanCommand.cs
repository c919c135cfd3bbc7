using System.CommandLine;
using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner clean</c>: removes what runs left on an engine (containers, networks and volumes carrying the run
/// label), for example after a run was killed outright or its engine went away during its clean-up. Runs still going
/// on this machine keep theirs. ACR has nothing to clean on a user's machine; act and buildx each have their own
/// prune commands, and this is TaskRunner's.
/// </summary>
public static class CleanCommand
{
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Only what the run with this id left" };
        var context = new Option<string?>("--context") { Description = "The docker context whose engine is cleaned (overrides DOCKER_HOST, DOCKER_CONTEXT and `docker context use`)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be removed and remove nothing" };
        var command = new Command("clean", CommandHelp.Describe(
            "Remove what runs left on the engine: containers, networks and volumes carrying a TaskRunner run label (runs of this user still going on this machine keep theirs).",
            "taskrunner clean --dry-run",
            "taskrunner clean --id tr1a2b3c4d",
            "taskrunner clean --context build-box"));
        command.Options.Add(id);
        command.Options.Add(context);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, cancellationToken) =>
        {
            EngineEndpoint endpoint;
            try { endpoint = EngineEndpointResolver.FromProcess().Resolve(parse.GetValue(context)); }
            catch (EngineEndpointException e)
            {
                Console.Error.WriteLine($"taskrunner: {e.Message}");
                return ExitCodes.Failure;
            }
            try
            {
                using var engine = await DockerEngineConnector.ConnectAsync(endpoint, cancellationToken);
                var leftovers = new LeftoverRuns(engine, new MessagePrinter());
                var found = await leftovers.FindAsync(parse.GetValue(id), cancellationToken);
                if (found.Count == 0)
                {
                    Console.Out.WriteLine($"nothing left by taskrunner runs{(parse.GetValue(id) is { } only ? $" with id {only}" : "")} on the engine at {endpoint.Describe()}");
                    return ExitCodes.Ok;
                }
                foreach (var (runId, objects) in found) Console.Out.WriteLine(Describe(runId, objects));
                if (parse.GetValue(dryRun))
                {
                    Console.Out.WriteLine("--dry-run: nothing removed");
                    return ExitCodes.Ok;
                }
                var busy = await leftovers.RemoveAsync(found.Keys, cancellationToken);
                var left = (await leftovers.FindAsync(parse.GetValue(id), cancellationToken)).Where(p => !busy.Contains(p.Key)).ToList();
                if (left.Count == 0) return ExitCodes.Ok;
                foreach (var (runId, objects) in left) Console.Error.WriteLine("taskrunner: still on the engine: " + Describe(runId, objects));
                return ExitCodes.Failure;
            }
            catch (EngineException e)
            {
                Console.Error.WriteLine($"taskrunner: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static string Describe(string runId, EngineObjects objects)
    {
        var parts = new List<string>();
        if (objects.Containers.Count > 0) parts.Add($"container(s) {string.Join(", ", objects.Containers)}");
        if (objects.Networks.Count > 0) parts.Add($"network(s) {string.Join(", ", objects.Networks)}");
        if (objects.Volumes.Count > 0) parts.Add($"volume(s) {string.Join(", ", objects.Volumes)}");
        return $"run {runId}: {string.Join("; ", parts)}";
    }

    /// <summary>Prints the clean-up's messages as they come.</summary>
    private sealed class MessagePrinter : IRunObserver
    {
        public void OnEvent(RunEvent runEvent)
        {
            if (runEvent is RunMessage message) Console.Out.WriteLine(message.Text);
        }
    }
}
