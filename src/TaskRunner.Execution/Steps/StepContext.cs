using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Steps.Cmd;
using TaskRunner.Tasks.Planning;
using TaskRunner.Registry.Names;

namespace TaskRunner.Execution.Steps;

/// <summary>What every step action shares within one run.</summary>
public sealed class StepContext
{
    public required IRunObserver Observer { get; init; }
    public required RunOptions Options { get; init; }
    public required RunNames Names { get; init; }
    public required ExecutionPlan Plan { get; init; }
    public required RunLedger Ledger { get; init; }
    /// <summary>
    /// The run's network and mounts: complete once they exist on the engine (the source may still be being copied).
    /// The run starts a step that uses them only once the whole set-up is done; containers prepared ahead wait for this.
    /// </summary>
    public required Task<RunLayout> Layout { get; init; }
    /// <summary>The network of steps that name none; null for the engine's default bridge. Read only after <see cref="Layout"/>.</summary>
    public string? DefaultNetwork => LayoutNow.DefaultNetwork;
    /// <summary>Mounts every cmd step gets: /workspace, /acb/home and (unless disabled) the docker socket. Read only after <see cref="Layout"/>.</summary>
    public IReadOnlyList<ContainerMount> CommonMounts => LayoutNow.CommonMounts;
    /// <summary>Task volume name (as written) to the engine volume holding it. Read only after <see cref="Layout"/>.</summary>
    public IReadOnlyDictionary<string, string> TaskVolumes => LayoutNow.TaskVolumes;
    private RunLayout LayoutNow => Layout.IsCompletedSuccessfully
        ? Layout.Result
        : throw new InvalidOperationException("the run's layout was read before the run's set-up made it");
    /// <summary>Cancelled at the end of the run: stops the output readers of detached containers.</summary>
    public required CancellationToken RunEnded { get; init; }
    /// <summary>The run's doors to the world (engine, BuildKit, docker manifest, credentials, git).</summary>
    public required RunPorts Ports { get; init; }
    public IContainerEngine Engine => Ports.Engine;
    /// <summary>The engine that holds the run's workspace volume (the default one): where builds read /workspace after a cmd step.</summary>
    public IContainerEngine WorkspaceEngine => _workspaceEngine ?? Ports.Engine;
    private IContainerEngine? _workspaceEngine;
    /// <summary>The --platform-engine engine these steps run on, or null for the default engine.</summary>
    public string? EngineName { get; private init; }
    /// <summary>The ports are dry twins: nothing is really built, pushed or run.</summary>
    public bool DryRun => Ports.DryRun;
    /// <summary>
    /// True once a cmd step's container has started: from then on /workspace may differ from the source directory,
    /// so build steps read their context from the workspace volume (as acb's docker build in /workspace does).
    /// </summary>
    public bool WorkspaceMayHaveChanged => Volatile.Read(ref _shared.WorkspaceMayHaveChanged);
    private SharedState _shared = new();
    public void NoteWorkspaceMayChange() => Volatile.Write(ref _shared.WorkspaceMayHaveChanged, true);

    private sealed class SharedState
    {
        public bool WorkspaceMayHaveChanged;
    }

    /// <summary>
    /// The same run's context for steps on a --platform-engine engine: its engine and BuildKit builder, no network,
    /// mounts or volumes of the default engine, and the run's state (ledger, whether /workspace may have changed) shared.
    /// </summary>
    public StepContext OnEngine(string name, EnginePorts engine) => new()
    {
        Observer = Observer, Options = Options, Names = Names, Plan = Plan, Ledger = Ledger,
        Layout = Task.FromResult(new RunLayout(Options.SourceDirectory, null, [], new Dictionary<string, string>())),
        RunEnded = RunEnded, Ports = Ports with { Engine = engine.Engine, BuildKit = engine.BuildKit },
        EngineName = name, _workspaceEngine = Engine, _shared = _shared,
    };

    /// <summary>Containers created ahead of their steps.</summary>
    public PreparedContainers Prepared { get; } = new();

    /// <summary>The credentials known for the registry of an image reference.</summary>
    public Task<RegistryAuth?> CredentialsForImageAsync(string image, CancellationToken cancellationToken) =>
        ImageReference.TryParse(image, out var reference, out _)
            ? Ports.Credentials.GetAsync(reference!.CredentialKey, cancellationToken)
            // Not a valid name: no registry to ask; the engine reports the name.
            : Task.FromResult<RegistryAuth?>(null);
}
