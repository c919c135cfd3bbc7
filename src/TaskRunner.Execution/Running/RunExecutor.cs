using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using TaskRunner.Execution.Building;
using TaskRunner.Execution.Engine;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Execution.Steps;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Running;

/// <summary>
/// Runs an <see cref="ExecutionPlan"/> on a container engine: creates the run's network and volumes (the workspace
/// holding a copy of the source directory, the home volume, the task's secret volumes), runs the step graph, then
/// removes everything it created, whether the run succeeded, failed, timed out or was cancelled.
/// </summary>
public sealed class RunExecutor(RunPorts ports, IRunObserver observer)
{
    private readonly IContainerEngine engine = ports.Engine;

    public const string DockerSocket = "/var/run/docker.sock";

    public async Task<RunResult> ExecuteAsync(ExecutionPlan plan, RunOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var runId = string.IsNullOrWhiteSpace(plan.Run.Id) ? NewRunId() : plan.Run.Id;
        var names = new RunNames(runId);
        observer.OnEvent(new RunStarted(runId, plan.Steps.Select(s => s.Id).ToList(), ports.DryRun));

        using var runTimeout = new CancellationTokenSource(options.RunTimeout);
        using var runToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        using var runEnded = new CancellationTokenSource();
        var created = new CreatedResources();
        var ledger = new RunLedger();
        IReadOnlyList<StepResult> steps = [];
        string? runError = null;
        CmdStepAction? cmd = null;
        try
        {
            Dictionary<StepKind, IStepAction>? actions = null;
            var context = await PrepareAsync(plan, options, names, ledger, created, runEnded.Token, runToken.Token, ready =>
            {
                cmd = new CmdStepAction(ready);
                actions = new Dictionary<StepKind, IStepAction>
                {
                    [StepKind.Cmd] = cmd,
                    [StepKind.Build] = new BuildStepAction(ready),
                    [StepKind.Push] = new PushStepAction(ready),
                };
                // The first steps' containers are created while the source is still being copied into /workspace.
                foreach (var step in plan.Steps.Where(s => s.DependsOn.Count == 0)) cmd.Prepare(step);
            }).ConfigureAwait(false);
            var stepRunner = new StepRunner(observer);
            steps = await new StepGraphScheduler(observer)
                .RunAsync(plan.Steps, (step, token) => stepRunner.RunAsync(step, actions![step.Kind], token), runToken.Token,
                    prepare: step => (actions![step.Kind] as IPreparingStepAction)?.Prepare(step))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is EngineException or StepFailedException or IOException or UnauthorizedAccessException or FormatException)
        {
            runError = e.Message;
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            runError = "cancelled before the first step";
        }
        finally
        {
            // Containers prepared for steps that never ran go with the rest (every creation has finished here).
            if (cmd is not null) await cmd.DiscardPreparedAsync().ConfigureAwait(false);
            await runEnded.CancelAsync().ConfigureAwait(false);
            await CleanUpAsync(options, names, ledger, created).ConfigureAwait(false);
        }

        if (steps.Count == 0)
            steps = plan.Steps.Select(s => new StepResult(s.Id, s.Kind, StepStatus.Skipped, TimeSpan.Zero, null)).ToList();
        var status = cancellationToken.IsCancellationRequested ? RunStatus.Cancelled
            : runTimeout.IsCancellationRequested ? RunStatus.TimedOut
            : runError is not null || steps.Any(s => !s.LetsDependantsRun) ? RunStatus.Failed
            : RunStatus.Succeeded;
        if (status == RunStatus.TimedOut) runError ??= $"the run timed out after {options.RunTimeout.TotalSeconds:0} s";
        if (status == RunStatus.Cancelled) runError ??= "the run was cancelled";

        var result = new RunResult
        {
            RunId = runId,
            Status = status,
            Duration = clock.Elapsed,
            Steps = steps,
            ImagesBuilt = ledger.ImagesBuilt,
            ImagesPushed = ledger.ImagesPushed,
            BaseImageDigests = ports.DryRun ? new Dictionary<string, string>() : await BaseImageDigestsAsync(ledger.ImagesBuilt).ConfigureAwait(false),
            Commit = plan.Run.Commit,
            Error = runError,
            Kept = options.Keep ? created.All.Concat(ledger.Containers).ToList() : [],
        };
        observer.OnEvent(new RunFinished(result));
        return result;
    }

    /// <summary>A short random run id for runs the user did not name (--id).</summary>
    public static string NewRunId() => "tr" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>
    /// Sets the run up: networks, the workspace volume (with a copy of the source unless --bind), the home volume and
    /// the task's volumes, all at once. <paramref name="ready"/> gets the step context as soon as every network and
    /// volume exists, while the files may still be being copied; the context is returned when everything is done.
    /// </summary>
    private async Task<StepContext> PrepareAsync(ExecutionPlan plan, RunOptions options, RunNames names, RunLedger ledger, CreatedResources created,
        CancellationToken runEnded, CancellationToken cancellationToken, Action<StepContext> ready)
    {
        var source = Path.GetFullPath(options.SourceDirectory);
        if (!Directory.Exists(source)) throw new IOException($"source directory '{options.SourceDirectory}' does not exist");

        var mounts = new List<ContainerMount>();
        var taskVolumes = new Dictionary<string, string>(StringComparer.Ordinal);
        var home = options.HomeVolume ?? names.HomeVolume;
        var copies = new List<Task>();

        // Networks and volumes are independent of each other: they are all created at once.
        var networkSetup = SetUpNetworksAsync(plan, names, created, cancellationToken);
        var workspaceSetup = options.BindSource ? Task.CompletedTask : CreateVolumeAsync(names.WorkspaceVolume, names, created, cancellationToken);
        var homeSetup = SetUpHomeVolumeAsync(options, home, names, created, cancellationToken);
        var taskVolumeSetups = plan.Task.Volumes.Select(v => CreateVolumeAsync(names.TaskVolume(v.Name), names, created, cancellationToken)).ToList();
        Task[] setups = [networkSetup, workspaceSetup, homeSetup, .. taskVolumeSetups];
        try
        {
            await workspaceSetup.ConfigureAwait(false);
            if (options.BindSource)
            {
                mounts.Add(new ContainerMount(ContainerMountKind.Bind, source, CmdStepAction.WorkspacePath));
                Message($"/workspace is the source directory itself (--bind): {source}");
            }
            else
            {
                var archive = new HostDirectoryArchive(source, DockerIgnore.Empty);
                Message($"copying {source} into volume {names.WorkspaceVolume}");
                copies.Add(engine.CopyIntoVolumeAsync(names.WorkspaceVolume, names.Labels, archive.WriteAsync, cancellationToken));
                mounts.Add(new ContainerMount(ContainerMountKind.Volume, names.WorkspaceVolume, CmdStepAction.WorkspacePath));
            }
            await homeSetup.ConfigureAwait(false);
            mounts.Add(new ContainerMount(ContainerMountKind.Volume, home, CmdStepAction.HomePath));
            if (options.MountDockerSocket && (ports.DryRun || File.Exists(DockerSocket)))
                mounts.Add(new ContainerMount(ContainerMountKind.Bind, DockerSocket, DockerSocket));

            for (var i = 0; i < plan.Task.Volumes.Count; i++)
            {
                var volume = plan.Task.Volumes[i];
                var name = names.TaskVolume(volume.Name);
                await taskVolumeSetups[i].ConfigureAwait(false);
                if (volume.Secret.Count > 0)
                    copies.Add(engine.CopyIntoVolumeAsync(name, names.Labels, (stream, ct) => WriteSecretFilesAsync(volume, stream, ct), cancellationToken));
                taskVolumes[volume.Name] = name;
            }
            var defaultNetwork = await networkSetup.ConfigureAwait(false);
            var context = new StepContext
            {
                Observer = observer, Options = options with { SourceDirectory = source }, Names = names, Plan = plan,
                Ledger = ledger, DefaultNetwork = defaultNetwork, CommonMounts = mounts, TaskVolumes = taskVolumes,
                RunEnded = runEnded, Ports = ports,
            };
            ready(context);
            await Task.WhenAll(copies).ConfigureAwait(false);
            return context;
        }
        catch
        {
            // Let every set-up call finish so clean-up sees (and removes) what it created.
            foreach (var pending in setups.Concat(copies))
            {
                try { await pending.ConfigureAwait(false); }
                catch (Exception e) when (e is EngineException or OperationCanceledException or IOException or FormatException or UnauthorizedAccessException) { }
            }
            throw;
        }
    }

    /// <summary>The home volume: the run's own, or the user's (--homevol), created when it does not exist yet and then kept.</summary>
    private async Task SetUpHomeVolumeAsync(RunOptions options, string home, RunNames names, CreatedResources created, CancellationToken cancellationToken)
    {
        if (options.HomeVolume is null)
        {
            await CreateVolumeAsync(home, names, created, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await engine.VolumeExistsAsync(home, cancellationToken).ConfigureAwait(false)) return;
        await engine.CreateVolumeAsync(home, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        Message($"created home volume {home} (kept after the run: --homevol)");
    }

    /// <summary>Creates the task's networks (unless skipCreation or present) and the run's default one; returns the default.</summary>
    /// <summary>
    /// The task's networks, created unless they exist or say skipCreation, and the network of steps that name none:
    /// the last one marked isDefault; the run's own bridge network when the task declares no networks at all; and,
    /// as in acb, none (the engine's default bridge, no DNS by step id) when it declares some but no default.
    /// </summary>
    private async Task<string?> SetUpNetworksAsync(ExecutionPlan plan, RunNames names, CreatedResources created, CancellationToken cancellationToken)
    {
        string? declaredDefault = null;
        foreach (var network in plan.Task.Networks)
        {
            if (network.IsDefault) declaredDefault = network.Name;
            if (network.SkipCreation || await engine.NetworkExistsAsync(network.Name, cancellationToken).ConfigureAwait(false)) continue;
            await CreateNetworkAsync(new NetworkSpec(network.Name, network.Driver, network.Ipv6, names.Labels), created, cancellationToken).ConfigureAwait(false);
        }
        if (plan.Task.Networks.Count > 0) return declaredDefault;
        await CreateNetworkAsync(new NetworkSpec(names.DefaultNetwork, "bridge", false, names.Labels), created, cancellationToken).ConfigureAwait(false);
        return names.DefaultNetwork;
    }

    private static async Task WriteSecretFilesAsync(VolumeDefinition volume, Stream stream, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (file, base64) in volume.Secret)
        {
            byte[] content;
            try { content = Convert.FromBase64String(base64); }
            catch (FormatException e) { throw new FormatException($"volume '{volume.Name}': the content of '{file}' is not valid base64", e); }
            // As acb writes them (a shell here-document): the decoded content and a newline, mode 0644. Unlike acb,
            // '$', '`' and '\' in the content are never expanded by a shell.
            var entry = new PaxTarEntry(TarEntryType.RegularFile, file)
            {
                DataStream = new MemoryStream([.. content, (byte)'\n']),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateNetworkAsync(NetworkSpec spec, CreatedResources created, CancellationToken cancellationToken)
    {
        await engine.CreateNetworkAsync(spec, cancellationToken).ConfigureAwait(false);
        lock (created) created.Networks.Add(spec.Name);
        Message($"created network {spec.Name}");
    }

    private async Task CreateVolumeAsync(string name, RunNames names, CreatedResources created, CancellationToken cancellationToken)
    {
        await engine.CreateVolumeAsync(name, names.Labels, cancellationToken).ConfigureAwait(false);
        lock (created) created.Volumes.Add(name);
        Message($"created volume {name}");
    }

    private async Task CleanUpAsync(RunOptions options, RunNames names, RunLedger ledger, CreatedResources created)
    {
        await Task.WhenAll(ledger.PendingRemovals).ConfigureAwait(false);
        // Output readers of detached containers end with the run.
        try { await Task.WhenAll(ledger.BackgroundTasks).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException) { }
        if (options.Keep)
        {
            Message("kept for debugging (--keep)");
            return;
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new List<string>();
        async Task Try(Func<Task> action)
        {
            try { await action().ConfigureAwait(false); }
            catch (Exception e) when (e is EngineException or OperationCanceledException or HttpRequestException) { lock (failures) failures.Add(e.Message); }
        }
        foreach (var container in ledger.Containers) await Try(() => engine.RemoveContainerAsync(container, limit.Token)).ConfigureAwait(false);
        // Anything else carrying the run's label (a container left by an interrupted engine call) goes too.
        if (!ports.DryRun)
        {
            await Try(async () =>
            {
                var leftovers = await engine.ListLabelledAsync(RunNames.RunLabel, names.RunId, limit.Token).ConfigureAwait(false);
                foreach (var container in leftovers.Containers) await engine.RemoveContainerAsync(container, limit.Token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        await Task.WhenAll(
            created.Volumes.Select(volume => Try(() => engine.RemoveVolumeAsync(volume, limit.Token)))
                .Concat(created.Networks.Select(network => Try(() => engine.RemoveNetworkAsync(network, limit.Token))))).ConfigureAwait(false);
        foreach (var failure in failures) Message("clean-up: " + failure);
        Message($"removed the run's containers, {created.Volumes.Count} volume(s) and {created.Networks.Count} network(s)");
    }

    private async Task<IReadOnlyDictionary<string, string>> BaseImageDigestsAsync(IReadOnlyList<BuiltImage> built)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in built.SelectMany(b => new[] { b.RuntimeDependency }.Concat(b.BuildTimeDependencies)).OfType<string>()
                     .Where(i => !DockerfileBaseImages.IsScratch(i)).Distinct())
        {
            try
            {
                // The repo digest acb picks: the one named like the reference (registry/repository@), not just the first.
                var details = await engine.InspectImageAsync(image, CancellationToken.None).ConfigureAwait(false);
                if (details is not null && AcbImageReference.Parse(AcbImageReference.NormaliseTag(image)).RepoDigest(details.RepoDigests) is { Length: > 0 } digest)
                    digests[image] = digest;
            }
            catch (EngineException)
            {
                // A digest is informative; the report says "" without it.
            }
        }
        return digests;
    }

    /// <summary>A lifecycle line; a dry run's engine reports its own "would ..." lines instead.</summary>
    private void Message(string text)
    {
        if (!ports.DryRun) observer.OnEvent(new RunMessage(text));
    }

    private sealed class CreatedResources
    {
        public List<string> Networks { get; } = [];
        public List<string> Volumes { get; } = [];
        public IEnumerable<string> All => Volumes.Concat(Networks);
    }
}
