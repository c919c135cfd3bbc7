using System.CommandLine;
using System.Runtime.InteropServices;
using TaskRunner.Cli.Output;
using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Adapters.Git;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Execution.Engine;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Running;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner run -f FILE [SOURCE_DIR]</c> (alias <c>exec</c>): runs a task on the local Docker engine as
/// <c>az acr run -f FILE SOURCE_DIR</c> runs it in ACR. Exit 0 when every step succeeded, 1 when one failed (or the
/// task has errors), 2 for a usage mistake, 130 when interrupted (after clean-up).
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

        var command = new Command("run", CommandHelp.Describe(
            "Run a task on the local Docker engine as ACR would run it: build, push and cmd steps, in parallel where the task allows.",
            "taskrunner run -f acr-task.yaml .",
            "taskrunner run -f samples/multi-arch/acr-task.yaml -r 127.0.0.1:5000 samples/multi-arch",
            "taskrunner run -f acr-task.yaml --dry-run",
            "echo \"$TOKEN\" | taskrunner run -f acr-task.yaml -r myregistry.azurecr.io -u me --password-stdin ."));
        command.Aliases.Add("exec");
        command.Arguments.Add(source);
        options.AddTo(command);
        var reporting = new RunReportingOptions();
        reporting.AddTo(command);
        foreach (var option in new Option[] { dryRun, network, credential, username, passwordStdin, imageAlias, keep, noSocket, timeout, homeVolume, bind, verbose })
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

            var runId = parse.GetValue(options.Id) ?? RunExecutor.NewRunId();
            // .Run.SharedVolume names what steps see at /workspace, so a step that starts containers through the
            // docker socket can mount it (-v {{.Run.SharedVolume}}:/workspace), as in ACR.
            var sharedVolume = parse.GetValue(bind) ? sourceDirectory : new RunNames(runId).WorkspaceVolume;
            var (loaded, exit) = Load(options, parse, runId, sharedVolume);
            if (loaded?.Plan is not { } plan) return exit;

            var credentials = new RunCredentials();
            foreach (var json in parse.GetValue(credential) ?? [])
            {
                var (registry, given) = RunCredentials.ParseCredential(json);
                credentials.Add(registry, given);
            }
            if (parse.GetValue(username) is { } user)
            {
                if (plan.Run.Registry.Length == 0) throw new UsageException("--username is for the run's registry: give it with -r/--registry");
                if (!parse.GetValue(passwordStdin)) throw new UsageException("--username needs --password-stdin (passwords are never taken on the command line)");
                var password = Console.In.ReadToEnd().TrimEnd('\r', '\n');
                credentials.Add(plan.Run.Registry, new RegistryCredential(user, password, null));
            }

            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in parse.GetValue(imageAlias) ?? [])
            {
                var eq = entry.IndexOf('=');
                if (eq <= 0 || eq == entry.Length - 1) throw new UsageException($"--image-alias needs NAME=IMAGE, not '{entry}'");
                aliases[entry[..eq]] = entry[(eq + 1)..];
            }

            var store = credentials.Store();
            var runOptions = new RunOptions
            {
                SourceDirectory = sourceDirectory,
                MountDockerSocket = !parse.GetValue(noSocket),
                Keep = parse.GetValue(keep),
                BindSource = parse.GetValue(bind),
                HomeVolume = parse.GetValue(homeVolume),
                ExternalNetwork = parse.GetValue(network),
                ImageAliases = aliases,
                RunTimeout = TimeSpan.FromSeconds(seconds),
            };
            var dry = parse.GetValue(dryRun);
            var secrets = options.ToLoadRequest(parse, plan.Task.File, runId).Secrets.Values.Concat(credentials.Secrets);
            var masker = new SecretMasker(secrets);
            var observer = new SecretMaskingObserver(reporting.CreateObserver(parse, plan, parse.GetValue(verbose) || dry, masker), masker);
            if (dry) return Execute(plan, runOptions, observer, _ => Task.FromResult(DryRunPorts.Create(observer, new RegistryCredentialSource(credentials.GivenOnly()))));
            WarmUpManifestSteps(plan, store);
            return Execute(plan, runOptions, observer, async cancellationToken => new RunPorts
            {
                Engine = await DockerEngineConnector.ConnectAsync(cancellationToken),
                BuildKit = new BuildxCliBuilder(),
                // `docker manifest` steps run in process, against the registry, with one manifest-list store per run.
                Manifests = new RegistryManifestTool(store),
                Credentials = new RegistryCredentialSource(store),
                Git = new GitCliFetcher(),
            });
        }
    }

    /// <summary>
    /// When the task has <c>docker manifest</c> steps, readies the registry client while the run starts: the code in
    /// process, and a connection to each registry the steps name (and the run's registry).
    /// </summary>
    private static void WarmUpManifestSteps(Tasks.Planning.ExecutionPlan plan, ICredentialStore credentials)
    {
        var registries = new List<(string Registry, bool Insecure)>();
        var any = false;
        foreach (var step in plan.Steps.Where(s => s.Kind == Tasks.Model.StepKind.Cmd))
        {
            IReadOnlyList<string> words;
            try { words = Tasks.Model.ShellWords.Split(step.Definition.Command ?? ""); }
            catch (FormatException) { continue; }
            if (words.Count < 3 || words[0] != "docker" || words[1] != "manifest") continue;
            any = true;
            var insecure = words.Contains("--insecure");
            foreach (var word in words.Skip(3).Where(w => !w.StartsWith('-')))
                if (Registry.Names.ImageReference.TryParse(word, out var reference, out _) && word.Contains('/')) registries.Add((reference!.Registry, insecure));
        }
        if (!any) return;
        if (plan.Run.Registry.Length > 0) registries.Add((plan.Run.Registry, false));
        _ = Task.Run(() => ManifestWarmUp.RunAsync(credentials, registries, CancellationToken.None));
    }

    /// <summary>As <see cref="TaskLoading.Load"/>, with the run's shared volume in <c>.Run</c>.</summary>
    private static (LoadResult? Result, int ExitCode) Load(TaskFileOptions options, ParseResult parse, string runId, string sharedVolume)
    {
        var file = options.ResolveFile(parse);
        if (file is null) throw new UsageException("no task file: give one with -f, or run where acr-task.yaml or acb.yaml is");
        if (!File.Exists(file)) throw new UsageException($"task file '{file}' does not exist");
        var request = options.ToLoadRequest(parse, file, runId);
        var result = TaskLoader.Load(request with { Run = request.Run with { SharedVolume = sharedVolume } });
        DiagnosticWriter.Write(Console.Error, DiagnosticFormat.Text, result.Diagnostics, strict: false, new SecretMasker(request.Secrets.Values));
        return (result, result.HasErrors ? ExitCodes.Failure : ExitCodes.Ok);
    }

    /// <summary>Runs the plan over the ports <paramref name="connect"/> makes (real adapters or their dry twins), handling Ctrl+C.</summary>
    private static int Execute(Tasks.Planning.ExecutionPlan plan, RunOptions options, IRunObserver observer, Func<CancellationToken, Task<RunPorts>> connect)
    {
        using var interrupted = new CancellationTokenSource();
        void Interrupt(PosixSignalContext context)
        {
            if (interrupted.IsCancellationRequested)
            {
                // A second signal while the run cleans up: the user wants out now, as with docker compose.
                Spectre.Console.AnsiConsole.Cursor.Show(true); // the live view hides it
                Console.Error.WriteLine("taskrunner: interrupted again; exiting without finishing the clean-up. Remove what is left with:");
                Console.Error.WriteLine("  " + RunNames.RemoveCommands(plan.Run.Id));
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
            return ExecuteAsync(plan, options, observer, connect, interrupted.Token).GetAwaiter().GetResult();
        }
        catch (EngineException e)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> ExecuteAsync(Tasks.Planning.ExecutionPlan plan, RunOptions options, IRunObserver observer,
        Func<CancellationToken, Task<RunPorts>> connect, CancellationToken cancellationToken)
    {
        var ports = await connect(cancellationToken);
        try
        {
            return (await new RunExecutor(ports, observer).ExecuteAsync(plan, options, cancellationToken)).ExitCode;
        }
        finally
        {
            (ports.Engine as IDisposable)?.Dispose();
        }
    }
}
