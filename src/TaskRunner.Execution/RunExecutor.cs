using System.Diagnostics;
using TaskRunner.Execution.Archives;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Execution.Steps;
using TaskRunner.Execution.Steps.Build;
using TaskRunner.Execution.Steps.Cmd;
using TaskRunner.Execution.Steps.Manifest;
using TaskRunner.Execution.Steps.Push;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;
using TaskRunner.Registry.Names;

namespace TaskRunner.Execution;

/// <summary>
/// Runs an <see cref="ExecutionPlan"/> on a container engine: creates the run's network and volumes (the workspace
/// holding a copy of the source directory, the home volume, the task's secret volumes), runs the step graph, then
/// removes everything it created, whether the run succeeded, failed, timed out or was cancelled. With
/// --platform-engine (<see cref="RunPorts.PlatformEngines"/>), the build steps <see cref="RunPorts.Assignment"/> puts on
/// another engine run there (with what they need on it, see <see cref="PlatformEngineRun"/>), pushes go from the
/// engine that built each image, and every engine is cleaned up, all at once.
/// </summary>
public sealed class RunExecutor(RunPorts ports, IRunObserver observer)
{
    private readonly IContainerEngine engine = ports.Engine;

    public async Task<RunResult> ExecuteAsync(ExecutionPlan plan, RunOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var idIsNew = options.IdIsNew || string.IsNullOrWhiteSpace(plan.Run.Id);
        var runId = string.IsNullOrWhiteSpace(plan.Run.Id) ? NewRunId() : plan.Run.Id;
        var names = new RunNames(runId);
        observer.OnEvent(new RunStarted(runId, plan.Steps.Select(s => s.Id).ToList(), ports.DryRun));
        // docker manifest steps: the registry client readies itself while the run sets up.
        if (ports.Manifests is { } manifests && ManifestStep.CommandsOf(plan) is { Count: > 0 } manifestCommands)
            manifests.WarmUp(manifestCommands, plan.Run.Registry);

        using var runTimeout = new CancellationTokenSource(options.RunTimeout);
        using var runToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        using var runEnded = new CancellationTokenSource();
        // The set-up's own token: cancelled when every step is done and none needed it any more.
        using var setUpToken = CancellationTokenSource.CreateLinkedTokenSource(runToken.Token);
        // The steps' token: also cancelled when a set-up running beside them fails (as a failed step stops the run).
        using var stepsToken = CancellationTokenSource.CreateLinkedTokenSource(runToken.Token);
        var workspace = new RunWorkspace(engine, observer, ports.DryRun);
        var ledger = new RunLedger();
        IReadOnlyList<StepResult> steps = [];
        string? runError = null;
        CmdStepAction? cmd = null;
        // The default engine's set-up (RunWorkspace): waited for before clean-up, whatever way the run ends.
        Task workspaceSetUp = Task.CompletedTask;
        var cleanup = new RunCleanup(engine, observer, ports.DryRun);
        var assignment = ports.Assignment;
        // Only the platform engines some step uses take part in the run.
        var platformRuns = assignment.PlatformEnginesUsed
            .Where(ports.PlatformEngines.ContainsKey)
            .Select(name => new PlatformEngineRun(name, ports.PlatformEngines[name], observer, ports.DryRun)).ToList();
        var stepObserver = assignment.HasPlatformEngines
            ? new EngineStampingObserver(observer, id => assignment.Describe(plan[id]))
            : observer;
        RunLock? runLock = null;
        try
        {
            // Nothing is created (or removed) before the run holds its id: a second run with the same id waits here.
            if (!ports.DryRun) runLock = await RunLock.AcquireAsync(runId, observer, runToken.Token, deleteOnRelease: idIsNew).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            runError = $"cancelled while waiting for the other run with id {runId} to end";
        }
        if (runLock is not null || ports.DryRun)
        try
        {
            // What an earlier run with this id left (cut short by a second interrupt, or by its engine going away). An id
            // made for this run has no earlier run: the look (a labelled listing on every engine) is skipped.
            if (!idIsNew)
                await Task.WhenAll(platformRuns.Select(p => p.Cleanup.RemoveLeftoversAsync(names, runToken.Token))
                    .Prepend(cleanup.RemoveLeftoversAsync(names, runToken.Token))).ConfigureAwait(false);
            var source = RunWorkspace.SourceDirectoryOf(options);
            var platformSetUps = platformRuns.Select(p => p.SetUpAsync(plan, assignment.StepsOn(p.Name), names, runToken.Token)).ToList();
            var layout = new TaskCompletionSource<RunLayout>(TaskCreationOptions.RunContinuationsAsynchronously);
            var setUp = workspace.SetUpAsync(plan, options, names, setUpToken.Token, layout.SetResult,
                manifestsInProcess: ports.Manifests is not null, assignment);
            workspaceSetUp = FailLayoutWith(setUp, layout);
            var context = new StepContext
            {
                Observer = observer, Options = options with { SourceDirectory = source }, Names = names, Plan = plan,
                Ledger = ledger, Layout = layout.Task, RunEnded = runEnded.Token, Ports = ports,
            };
            cmd = new CmdStepAction(context);
            var platformContexts = platformRuns.ToDictionary(p => p.Name, p => context.OnEngine(p.Name, p.Ports), StringComparer.Ordinal);
            var platformActions = platformContexts.ToDictionary(p => p.Key, p => (IStepAction)new BuildStepAction(p.Value), StringComparer.Ordinal);
            var actions = new Dictionary<StepKind, IStepAction>
            {
                [StepKind.Cmd] = cmd,
                [StepKind.Build] = new BuildStepAction(context),
                [StepKind.Push] = new PushStepAction(context, platformContexts),
            };
            // The first steps' containers are created while the source is still being copied into /workspace.
            foreach (var step in plan.Steps.Where(s => s.DependsOn.Count == 0)) cmd.Prepare(step);
            // When a first step needs nothing of the set-up (a build from the source directory, a push), the steps start
            // at once and only those that need the network or volumes wait for them; otherwise the set-up comes first,
            // and a set-up that fails ends the run before any step.
            // (A dry run keeps its listing in plan order: set-up first.)
            var needSetUp = plan.Steps.Where(s => RunWorkspace.StepNeedsEngineObjects(s, ports.Manifests is not null, assignment))
                .Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var startAtOnce = !ports.DryRun && plan.Steps.Any(s => s.DependsOn.Count == 0 && !needSetUp.Contains(s.Id));
            try
            {
                if (!startAtOnce) await workspaceSetUp.ConfigureAwait(false);
            }
            finally
            {
                // Every set-up call ends before clean-up looks at what was created.
                await Task.WhenAll(platformSetUps.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            }
            await Task.WhenAll(platformSetUps).ConfigureAwait(false);
            IStepAction ActionFor(PlannedStep step) =>
                step.Kind == StepKind.Build && assignment.EngineOf(step.Id) is { } name && platformActions.TryGetValue(name, out var onEngine) ? onEngine : actions[step.Kind];
            if (startAtOnce)
                _ = workspaceSetUp.ContinueWith(_ =>
                {
                    try { stepsToken.Cancel(); }
                    catch (ObjectDisposedException) { }
                }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            var stepRunner = new StepRunner(stepObserver);
            // A step that needs the set-up waits for it before it starts, outside its timeout and its time; if the set-up
            // fails, the step is skipped (the run reports the cause).
            async Task<StepResult> RunStepAsync(PlannedStep step, CancellationToken token)
            {
                if (!workspaceSetUp.IsCompletedSuccessfully && needSetUp.Contains(step.Id))
                {
                    try { await workspaceSetUp.WaitAsync(token).ConfigureAwait(false); }
                    catch (Exception) when (!workspaceSetUp.IsCompletedSuccessfully)
                    {
                        return new StepResult(step.Id, step.Kind, StepStatus.Skipped, TimeSpan.Zero,
                            workspaceSetUp.IsFaulted ? "the run's set-up failed" : null);
                    }
                }
                return await stepRunner.RunAsync(step, ActionFor(step), token).ConfigureAwait(false);
            }
            steps = await new StepGraphScheduler(stepObserver)
                .RunAsync(plan.Steps, RunStepAsync, stepsToken.Token,
                    prepare: step => (ActionFor(step) as IPreparingStepAction)?.Prepare(step))
                .ConfigureAwait(false);
            if (workspaceSetUp.IsFaulted)
            {
                // The set-up failed beside the steps that did not need it: the run failed for that reason.
                await workspaceSetUp.ConfigureAwait(false);
            }
            else if (!workspaceSetUp.IsCompleted)
            {
                // Every step is done and none is waiting for it (the ones that needed it were skipped): it is stopped,
                // and clean-up removes what it made.
                await setUpToken.CancelAsync().ConfigureAwait(false);
            }
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
            // Every set-up call ends before clean-up looks at what was created (with steps started at once, the set-up may
            // still be under way when the run is cut short).
            await workspaceSetUp.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            // Containers prepared for steps that never ran go with the rest (every creation has finished here).
            if (cmd is not null) await cmd.DiscardPreparedAsync().ConfigureAwait(false);
            await runEnded.CancelAsync().ConfigureAwait(false);
            // Every engine at once: the default one with the run's containers, volumes and networks, each platform engine with its own.
            await Task.WhenAll(platformRuns.Select(p => p.Cleanup.CleanUpAsync(options, names, new RunLedger(), p.Created))
                .Prepend(cleanup.CleanUpAsync(options, names, ledger, workspace.Created))).ConfigureAwait(false);
            runLock?.Dispose();
        }

        if (steps.Count == 0)
            steps = plan.Steps.Select(s => new StepResult(s.Id, s.Kind, StepStatus.Skipped, TimeSpan.Zero, null)).ToList();
        if (assignment.HasPlatformEngines) steps = steps.Select(s => s with { Engine = assignment.Describe(plan[s.StepId]) }).ToList();
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
            BaseImageDigests = ports.DryRun ? new Dictionary<string, string>() : await BaseImageDigestsAsync(ledger.ImagesBuilt, step =>
                assignment.EngineOf(step) is { } name && ports.PlatformEngines.TryGetValue(name, out var onEngine) ? onEngine.Engine : engine).ConfigureAwait(false),
            Commit = plan.Run.Commit,
            Error = runError,
            Kept = options.Keep ? workspace.Created.All.Concat(ledger.Containers).Concat(platformRuns.SelectMany(p => p.Created.All)).ToList() : [],
        };
        observer.OnEvent(new RunFinished(result));
        return result;
    }

    /// <summary>The set-up, failing the layout too when it fails before making it (steps waiting for it then fail).</summary>
    private static async Task FailLayoutWith(Task setUp, TaskCompletionSource<RunLayout> layout)
    {
        try
        {
            await setUp.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            layout.TrySetCanceled();
            throw;
        }
        catch (Exception e)
        {
            layout.TrySetException(e);
            throw;
        }
    }

    /// <summary>A short random run id for runs the user did not name (--id).</summary>
    public static string NewRunId() => "tr" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <param name="engineOf">The engine a build step ran on, where its bases are.</param>
    private static async Task<IReadOnlyDictionary<string, string>> BaseImageDigestsAsync(IReadOnlyList<BuiltImage> built, Func<string, IContainerEngine> engineOf)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (image, engine) in built.SelectMany(b => new[] { b.RuntimeDependency }.Concat(b.BuildTimeDependencies).OfType<string>().Select(i => (i, engineOf(b.StepId))))
                     .Where(p => !DockerfileBaseImages.IsScratch(p.i)).DistinctBy(p => p.i))
        {
            try
            {
                // The repo digest acb picks: the one named like the reference (registry/repository@), not just the first.
                var details = await engine.InspectImageAsync(image, CancellationToken.None).ConfigureAwait(false);
                if (details is not null && AcbSpelling.RepoDigest(AcbSpelling.NormaliseTag(image), details.RepoDigests) is { Length: > 0 } digest)
                    digests[image] = digest;
            }
            catch (EngineException)
            {
                // A digest is informative; the report says "" without it.
            }
        }
        return digests;
    }
}
