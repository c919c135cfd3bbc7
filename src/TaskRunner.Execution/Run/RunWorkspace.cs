using System.Formats.Tar;
using TaskRunner.Execution.Archives;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Run;

/// <summary>
/// Sets a run up on the engine: the task's networks (or the run's own), the workspace volume holding a copy of the
/// source directory, the home volume and the task's volumes with their secret files. Remembers what it created for
/// <see cref="RunCleanup"/>. With <paramref name="dryRun"/> its own lifecycle lines are left to the dry engine's.
/// </summary>
public sealed class RunWorkspace(IContainerEngine engine, IRunObserver observer, bool dryRun)
{
    public const string DockerSocket = "/var/run/docker.sock";
    public const string WorkspacePath = "/workspace";
    public const string HomePath = "/acb/home";

    private readonly CreatedResources _created = new();

    /// <summary>The networks and volumes this workspace created (removed at clean-up unless --keep).</summary>
    public CreatedResources Created => _created;

    /// <summary>
    /// Sets the run up: networks, the workspace volume (with a copy of the source unless --bind), the home volume and
    /// the task's volumes, all at once. <paramref name="ready"/> gets the layout as soon as every network and volume
    /// exists, while the files may still be being copied; the layout is returned when everything is done.
    /// </summary>
    /// <param name="assignment">With --platform-engine: builds on another engine need nothing here.</param>
    public async Task<RunLayout> SetUpAsync(ExecutionPlan plan, RunOptions options, RunNames names, CancellationToken cancellationToken, Action<RunLayout> ready,
        bool manifestsInProcess = true, EngineAssignment? assignment = null)
    {
        var source = SourceDirectoryOf(options);
        if (!plan.Steps.Any(step => RunsContainer(step, manifestsInProcess)))
        {
            // Builds stream their context from the source directory and docker manifest runs in process: only a build
            // naming a network of the task's needs anything (that network), and nothing needs volumes or a copy.
            var networks = NeedsEngineObjects(plan, manifestsInProcess, assignment);
            Message(networks
                ? "no step runs a container: no volumes are made and the source is not copied"
                : "no step runs a container: no network or volumes are made and the source is not copied");
            var bare = new RunLayout(source, networks ? await SetUpNetworksAsync(plan, names, cancellationToken, runNetwork: false).ConfigureAwait(false) : null,
                [], new Dictionary<string, string>(StringComparer.Ordinal));
            ready(bare);
            return bare;
        }

        var mounts = new List<ContainerMount>();
        var taskVolumes = new Dictionary<string, string>(StringComparer.Ordinal);
        var home = options.HomeVolume ?? names.HomeVolume;
        var copies = new List<Task>();

        // Networks and volumes are independent of each other: they are all created at once.
        var networkSetup = SetUpNetworksAsync(plan, names, cancellationToken);
        var workspaceSetup = options.BindSource ? Task.CompletedTask : CreateVolumeAsync(names.WorkspaceVolume, names, cancellationToken);
        var homeSetup = SetUpHomeVolumeAsync(options, home, names, cancellationToken);
        var taskVolumeSetups = plan.Task.Volumes.Select(v => CreateVolumeAsync(names.TaskVolume(v.Name), names, cancellationToken)).ToList();
        Task[] setups = [networkSetup, workspaceSetup, homeSetup, .. taskVolumeSetups];
        try
        {
            await workspaceSetup.ConfigureAwait(false);
            if (options.BindSource)
            {
                mounts.Add(new ContainerMount(ContainerMountKind.Bind, source, WorkspacePath));
                Message($"/workspace is the source directory itself (--bind): {source}");
            }
            else
            {
                var archive = new HostDirectoryArchive(source, DockerIgnore.Empty);
                Message($"copying {source} into volume {names.WorkspaceVolume}");
                copies.Add(engine.CopyIntoVolumeAsync(names.WorkspaceVolume, names.Labels, archive.WriteAsync, cancellationToken));
                mounts.Add(new ContainerMount(ContainerMountKind.Volume, names.WorkspaceVolume, WorkspacePath));
            }
            await homeSetup.ConfigureAwait(false);
            mounts.Add(new ContainerMount(ContainerMountKind.Volume, home, HomePath));
            if (options.MountDockerSocket && (dryRun || !options.EngineIsLocal || File.Exists(DockerSocket)))
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
            var layout = new RunLayout(source, defaultNetwork, mounts, taskVolumes);
            ready(layout);
            await Task.WhenAll(copies).ConfigureAwait(false);
            Message("set-up done: the network and volumes exist and the files are copied");
            return layout;
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

    /// <summary>The source directory as a full path.</summary>
    /// <exception cref="IOException">It does not exist.</exception>
    public static string SourceDirectoryOf(RunOptions options)
    {
        var source = Path.GetFullPath(options.SourceDirectory);
        if (!Directory.Exists(source)) throw new IOException($"source directory '{options.SourceDirectory}' does not exist");
        return source;
    }

    /// <summary>
    /// Whether a step will use what the set-up makes: a cmd step that runs a container (any but an in-process
    /// <c>docker manifest</c>; one whose command cannot be read counts too), or a build step naming a network. Builds
    /// read /workspace only after a container may have changed it, so without containers they never do.
    /// </summary>
    public static bool NeedsEngineObjects(ExecutionPlan plan, bool manifestsInProcess, EngineAssignment? assignment = null) =>
        plan.Steps.Any(step => StepNeedsEngineObjects(step, manifestsInProcess, assignment));

    /// <summary>Whether this step uses what the set-up makes (see <see cref="NeedsEngineObjects"/>); the others need not wait for it.</summary>
    public static bool StepNeedsEngineObjects(PlannedStep step, bool manifestsInProcess, EngineAssignment? assignment = null)
    {
        // A build on a --platform-engine engine gets its network there (PlatformEngineRun).
        if (step.Kind == StepKind.Build && assignment?.EngineOf(step.Id) is not null) return false;
        try
        {
            return step.Kind switch
            {
                StepKind.Cmd => RunsContainer(step, manifestsInProcess),
                StepKind.Build => BuildNeedsEngineObjects(DockerBuildArgumentParser.Parse(step.Definition.Command ?? "")),
                _ => false,
            };
        }
        catch (FormatException) { return true; }
    }

    /// <summary>A build naming a network the set-up may make: any but the engine's own (host, none, bridge, default).</summary>
    public static bool BuildNeedsEngineObjects(DockerBuildArguments arguments) =>
        arguments.Network is { Length: > 0 } network && network is not ("host" or "none" or "bridge" or "default");

    /// <summary>
    /// A cmd step that runs a container: any but an in-process <c>docker manifest</c> (one whose command cannot be read
    /// counts too). Only these use the workspace, the home volume and the task's volumes.
    /// </summary>
    private static bool RunsContainer(PlannedStep step, bool manifestsInProcess)
    {
        if (step.Kind != StepKind.Cmd) return false;
        try
        {
            var words = ShellWords.Split(step.Definition.Command ?? "");
            return !(manifestsInProcess && words.Count >= 2 && words[0] == "docker" && words[1] == "manifest");
        }
        catch (FormatException) { return true; }
    }

    /// <summary>The home volume: the run's own, or the user's (--homevol), created when it does not exist yet and then kept.</summary>
    private async Task SetUpHomeVolumeAsync(RunOptions options, string home, RunNames names, CancellationToken cancellationToken)
    {
        if (options.HomeVolume is null)
        {
            await CreateVolumeAsync(home, names, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await engine.VolumeExistsAsync(home, cancellationToken).ConfigureAwait(false)) return;
        await engine.CreateVolumeAsync(home, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        Message($"created home volume {home} (kept after the run: --homevol)");
    }

    /// <summary>
    /// The task's networks, created unless they exist or say skipCreation, and the network of steps that name none:
    /// the last one marked isDefault; the run's own bridge network when the task declares no networks at all; and,
    /// as in acb, none (the engine's default bridge, no DNS by step id) when it declares some but no default.
    /// </summary>
    /// <param name="runNetwork">Whether the run's own network is made when the task declares none (only containers use it).</param>
    private async Task<string?> SetUpNetworksAsync(ExecutionPlan plan, RunNames names, CancellationToken cancellationToken, bool runNetwork = true)
    {
        string? declaredDefault = null;
        foreach (var network in plan.Task.Networks)
        {
            if (network.IsDefault) declaredDefault = network.Name;
            if (network.SkipCreation || await engine.NetworkExistsAsync(network.Name, cancellationToken).ConfigureAwait(false)) continue;
            await CreateNetworkAsync(new NetworkSpec(network.Name, network.Driver, network.Ipv6, names.Labels), cancellationToken).ConfigureAwait(false);
        }
        if (plan.Task.Networks.Count > 0 || !runNetwork) return declaredDefault;
        await CreateNetworkAsync(new NetworkSpec(names.DefaultNetwork, "bridge", false, names.Labels), cancellationToken).ConfigureAwait(false);
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

    // Each name is recorded before the call that creates it: a run cancelled while the call is on its way still removes
    // what the engine made of it (removing a name the engine never created is no error).
    private async Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken)
    {
        lock (_created) _created.Networks.Add(spec.Name);
        await engine.CreateNetworkAsync(spec, cancellationToken).ConfigureAwait(false);
        Message($"created network {spec.Name}");
    }

    private async Task CreateVolumeAsync(string name, RunNames names, CancellationToken cancellationToken)
    {
        lock (_created) _created.Volumes.Add(name);
        await engine.CreateVolumeAsync(name, names.Labels, cancellationToken).ConfigureAwait(false);
        Message($"created volume {name}");
    }

    private void Message(string text)
    {
        if (!dryRun) observer.OnEvent(new RunMessage(text));
    }
}

/// <summary>Where steps find the run's objects: the source directory, the default network, the common mounts and the task's volumes.</summary>
/// <param name="DefaultNetwork">The network of steps that name none; null for the engine's default bridge.</param>
/// <param name="TaskVolumes">Task volume name (as written) to the engine volume holding it.</param>
public sealed record RunLayout(string SourceDirectory, string? DefaultNetwork, IReadOnlyList<ContainerMount> CommonMounts, IReadOnlyDictionary<string, string> TaskVolumes);

/// <summary>Networks and volumes a run created.</summary>
public sealed class CreatedResources
{
    public List<string> Networks { get; } = [];
    public List<string> Volumes { get; } = [];
    public IEnumerable<string> All => Volumes.Concat(Networks);
}
