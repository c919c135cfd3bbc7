using System.CommandLine;
using TaskRunner.Execution;
using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner run -f FILE [SOURCE_DIR]</c> (alias <c>exec</c>): runs a task as <c>az acr run -f FILE SOURCE_DIR</c>
/// runs it in ACR, on the engine the docker CLI would use (<c>--context</c>, DOCKER_HOST, ...). Exit 0 when every step
/// succeeded, 1 when one failed (or the task has errors), 2 for a usage mistake, 130 when interrupted (after clean-up).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var options = new TaskFileOptions();
        var source = new Argument<string?>("source") { Description = "The run's source directory: the content of /workspace and the base of build contexts (default: the current directory)", Arity = ArgumentArity.ZeroOrOne };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the engine calls the run would make; make none" };
        var network = new Option<string?>("--network") { Description = "An existing network every cmd step also joins" };
        var credential = new Option<string[]>("--credential") { Description = "Registry credentials as acb takes them: '{\"registry\":\"r\",\"username\":\"u\",\"password\":\"p\"}' (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var username = new Option<string?>("--username", "-u") { Description = "User name for the run's registry (-r); the password is read from standard input with --password-stdin" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password for --username from standard input" };
        var imageAlias = new Option<string[]>("--image-alias") { Description = "Run IMAGE instead of NAME in cmd steps: NAME=IMAGE (repeatable; also maps ACR's built-in aliases such as bash or az)", Arity = ArgumentArity.ZeroOrMore };
        var keep = new Option<bool>("--keep") { Description = "Leave the run's containers, volumes and networks for debugging" };
        var noSocket = new Option<bool>("--no-docker-socket") { Description = "Do not mount the engine's socket into cmd steps" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the whole run may take (ACR's default: 3600)", DefaultValueFactory = _ => 3600 };
        var homeVolume = new Option<string?>("--homevol") { Description = "Use (and keep) this volume as the home volume /acb/home, so files there outlive the run" };
        var bind = new Option<bool>("--bind") { Description = "Mount the source directory itself at /workspace instead of a copy: steps can change your files" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print what the run creates and removes on the engine" };
        var context = new Option<string?>("--context") { Description = "The docker context whose engine runs the task (overrides DOCKER_HOST, DOCKER_CONTEXT and `docker context use`)" };
        var platformEngine = new PlatformEngineFlag();

        var command = new Command("run", CommandHelp.Describe(
            "Run a task on a Docker engine (the docker CLI's, or --context's) as ACR would run it: build, push and cmd steps, in parallel where the task allows.",
            "taskrunner run -f acr-task.yaml .",
            "taskrunner run -f samples/multi-arch/acr-task.yaml -r 127.0.0.1:5000 samples/multi-arch",
            "taskrunner run -f acr-task.yaml --dry-run",
            "taskrunner run -f multi-arch.yaml -r myregistry.azurecr.io --platform-engine linux/arm64=arm-box .",
            "echo \"$TOKEN\" | taskrunner run -f acr-task.yaml -r myregistry.azurecr.io -u me --password-stdin ."));
        command.Aliases.Add("exec");
        command.Arguments.Add(source);
        options.AddTo(command);
        var reporting = new RunReportingOptions();
        reporting.AddTo(command);
        foreach (var option in new Option[] { dryRun, network, credential, username, passwordStdin, imageAlias, keep, noSocket, timeout, homeVolume, bind, verbose, context, platformEngine.Option })
            command.Options.Add(option);

        // A synchronous action: the command handles Ctrl+C and SIGTERM itself, so clean-up is never cut short.
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"taskrunner: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;

        int Run(ParseResult parse)
        {
            var sourceDirectory = Path.GetFullPath(parse.GetValue(source) ?? ".");
            if (!Directory.Exists(sourceDirectory)) throw new UsageException($"source directory '{parse.GetValue(source)}' does not exist");
            var seconds = parse.GetValue(timeout);
            if (seconds <= 0) throw new UsageException("--timeout must be a positive number of seconds");
            if (parse.GetValue(passwordStdin) && parse.GetValue(username) is null) throw new UsageException("--password-stdin needs --username");
            var platformEngines = platformEngine.Parse(parse);
            var platformEndpoints = PlatformEngineFlag.Resolve(platformEngines);

            var runId = parse.GetValue(options.Id) ?? RunExecutor.NewRunId();
            // .Run.SharedVolume names what steps see at /workspace, so a step that starts containers through the
            // docker socket can mount it (-v {{.Run.SharedVolume}}:/workspace), as in ACR.
            var sharedVolume = parse.GetValue(bind) ? sourceDirectory : new RunNames(runId).WorkspaceVolume;
            var loaded = TaskLoading.Load(options, parse, Console.Error, runId, sharedVolume);
            if (loaded.Result?.Plan is not { } plan) return loaded.ExitCode;
            // Which engine runs each step; where a step would need an image from another engine, the warnings say so.
            var assignment = EngineAssignment.Assign(plan, platformEngines, Execution.Steps.Build.SourceDockerfileBases.From(sourceDirectory));
            Output.DiagnosticWriter.Write(Console.Error, Output.DiagnosticFormat.Text, assignment.Diagnostics, strict: false, loaded.Masker);

            var credentials = Credentials(parse, plan.Run.Registry);
            var dry = parse.GetValue(dryRun);

            // The engine, found as the docker CLI finds it; a remote one cannot mount this machine's directory.
            EngineEndpoint? endpoint = null;
            if (!dry)
            {
                try { endpoint = EngineEndpointResolver.FromProcess().Resolve(parse.GetValue(context)); }
                catch (EngineEndpointException e)
                {
                    Console.Error.WriteLine($"taskrunner: {e.Message}");
                    return ExitCodes.Failure;
                }
                if (parse.GetValue(bind) && !endpoint.IsLocal)
                    throw new UsageException($"--bind mounts {sourceDirectory} of this machine, and the engine at {endpoint.Describe()} is not on this machine (it cannot see the directory); run without --bind: /workspace is then a copy sent through the engine's API");
                if (parse.GetValue(context) is { Length: > 0 } name)
                {
                    // The docker CLI that BuildKit builds run reaches the same engine: DOCKER_CONTEXT, which DOCKER_HOST would override.
                    Environment.SetEnvironmentVariable("DOCKER_HOST", null);
                    Environment.SetEnvironmentVariable("DOCKER_CONTEXT", name);
                }
            }

            var runOptions = new RunOptions
            {
                SourceDirectory = sourceDirectory,
                MountDockerSocket = !parse.GetValue(noSocket),
                EngineIsLocal = endpoint?.IsLocal ?? true,
                Keep = parse.GetValue(keep),
                BindSource = parse.GetValue(bind),
                HomeVolume = parse.GetValue(homeVolume),
                ExternalNetwork = parse.GetValue(network),
                ImageAliases = ImageAliases(parse.GetValue(imageAlias) ?? []),
                RunTimeout = TimeSpan.FromSeconds(seconds),
                IdIsNew = parse.GetValue(options.Id) is null,
            };
            var masker = new SecretMasker(loaded.Secrets.Concat(credentials.Secrets));
            var observer = new SecretMaskingObserver(reporting.CreateObserver(parse, plan, parse.GetValue(verbose) || dry, masker), masker);
            return RunInterrupts.Execute(plan.Run.Id, async cancellationToken =>
            {
                var ports = await RunAdapters.CreateAsync(endpoint, observer, credentials, cancellationToken, assignment, platformEndpoints);
                try
                {
                    var result = await new RunExecutor(ports, observer).ExecuteAsync(plan, runOptions, cancellationToken);
                    // A run that failed because its engine went away says so, and how to remove what it left there.
                    if (result.Status == RunStatus.Failed && endpoint is not null && await EngineGoneAsync(ports.Engine) is { } why)
                    {
                        Console.Error.WriteLine($"taskrunner: the Docker engine at {endpoint.Describe()} went away during the run: {why}");
                        Console.Error.WriteLine($"taskrunner: what the run made may still be on it; once the engine is back, `{RunInterrupts.CleanCommand(plan.Run.Id, parse.GetValue(context))}` "
                            + $"or `taskrunner run --id {plan.Run.Id} ...` (with any task) removes what this run left, or remove it with: " + RunNames.RemoveCommands(plan.Run.Id));
                        return ExitCodes.Failure;
                    }
                    return result.ExitCode;
                }
                finally
                {
                    (ports.Engine as IDisposable)?.Dispose();
                    foreach (var onEngine in ports.PlatformEngines.Values) (onEngine.Engine as IDisposable)?.Dispose();
                }
            }, assignment.PlatformEnginesUsed.Where(platformEndpoints.ContainsKey).ToList(), parse.GetValue(context));
        }

        // Null when the engine answers; otherwise why not (asked once, for at most 5 s, after a failed run).
        static async Task<string?> EngineGoneAsync(IContainerEngine engine)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await engine.GetInfoAsync(limit.Token);
                return null;
            }
            catch (EngineException e) { return e.Message; }
            catch (OperationCanceledException) { return "it did not answer within 5 s"; }
        }

        RunCredentials Credentials(ParseResult parse, string runRegistry)
        {
            var credentials = new RunCredentials();
            foreach (var json in parse.GetValue(credential) ?? [])
            {
                var (registry, given) = RunCredentials.ParseCredential(json);
                credentials.Add(registry, given);
            }
            if (parse.GetValue(username) is { } user)
            {
                if (runRegistry.Length == 0) throw new UsageException("--username is for the run's registry: give it with -r/--registry");
                if (!parse.GetValue(passwordStdin)) throw new UsageException("--username needs --password-stdin (passwords are never taken on the command line)");
                var password = Console.In.ReadToEnd().TrimEnd('\r', '\n');
                credentials.Add(runRegistry, new RegistryCredential(user, password, null));
            }
            return credentials;
        }
    }

    /// <summary>--image-alias NAME=IMAGE entries.</summary>
    private static Dictionary<string, string> ImageAliases(IEnumerable<string> entries)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1) throw new UsageException($"--image-alias needs NAME=IMAGE, not '{entry}'");
            aliases[entry[..eq]] = entry[(eq + 1)..];
        }
        return aliases;
    }
}
