using System.Globalization;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Execution.Steps.Manifest;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps.Cmd;

/// <summary>
/// A cmd step: the image and its arguments (shell-quoted) run as a container on the run's network, reachable by the
/// step id, with /workspace, /acb/home, the docker socket and the step's volumes mounted. A non-zero exit code fails
/// the attempt. <c>docker manifest ...</c> runs in process instead.
/// </summary>
public sealed class CmdStepAction(StepContext context) : IPreparingStepAction
{
    public string Describe(PlannedStep step) => step.Definition.Command?.Trim() ?? "";

    public async Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var words = Words(step);
        if (ManifestStep.ArgumentsOf(words) is { } manifestArguments && context.Ports.Manifests is { } manifest)
        {
            await ManifestStep.RunAsync(manifest, manifestArguments, attempt, cancellationToken).ConfigureAwait(false);
            return;
        }
        var image = ImageOf(words);
        // The image is checked while the container prepared for the step may still be on its way.
        var taking = attempt.Serial == 1 ? context.Prepared.TakeAsync(step.Id) : null;
        string? imageId;
        try
        {
            imageId = await EnsureImageAsync(step, image, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (taking is not null && await taking.ConfigureAwait(false) is { } unused) context.Ledger.AddRemoval(RemoveQuietlyAsync(unused.ContainerId));
            throw;
        }
        var prepared = taking is null ? null : await taking.ConfigureAwait(false);

        var spec = BuildSpec(step, image, words.Skip(1).ToList(), attempt.Serial);
        var engine = context.Engine;
        string id;
        if (prepared is not null && prepared.ImageId == imageId)
        {
            id = prepared.ContainerId;
        }
        else
        {
            // The image changed since the container was prepared: it goes, and frees its name for the new one.
            if (prepared is not null) await RemoveQuietlyAsync(prepared.ContainerId).ConfigureAwait(false);
            id = await engine.CreateContainerAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        // Detached and kept containers stay until the end of the run; with --keep every container stays.
        var keepContainer = step.Definition.Detach || step.Definition.Keep || context.Options.Keep;
        if (keepContainer) context.Ledger.AddContainer(spec.Name);
        try
        {
            // A prepared container joined the --network before its step started.
            if (context.Options.ExternalNetwork is { } external && id != prepared?.ContainerId)
                await engine.ConnectNetworkAsync(id, external, [step.Id], cancellationToken).ConfigureAwait(false);
            context.NoteWorkspaceMayChange();
            await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            if (step.Definition.Detach)
            {
                // Done once started; its output keeps flowing until the run ends.
                context.Ledger.AddBackground(StreamQuietlyAsync(id, attempt));
                return;
            }
            var output = engine.StreamOutputAsync(id, l => attempt.Output(l.Text, l.IsError, l.Continues), cancellationToken);
            long exitCode;
            try
            {
                exitCode = await engine.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
                await output.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await engine.KillContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
                await Task.WhenAny(output).ConfigureAwait(false);
                throw;
            }
            if (exitCode != 0) throw new StepFailedException($"exit code {exitCode}", exitCode: (int)exitCode);
        }
        finally
        {
            // Removal runs while the next step starts (the run waits for it before removing volumes).
            if (!keepContainer) context.Ledger.AddRemoval(RemoveQuietlyAsync(id));
        }
    }

    /// <summary>
    /// Creates the step's first container ahead of time, while the steps before it run. Only when no step can reach the
    /// engine (no docker socket: a step could otherwise list, prune or fail to remove an image because of it), the image
    /// is on the engine and the step does not ask for a fresh pull; the step checks the image is still the same.
    /// </summary>
    public void Prepare(PlannedStep step)
    {
        if (context.DryRun || context.Options.MountDockerSocket || step.Definition.Pull) return;
        IReadOnlyList<string> words;
        try { words = Words(step); }
        catch (StepFailedException) { return; }
        if (ManifestStep.ArgumentsOf(words) is not null) return;
        var image = ImageOf(words);
        // An image a build step of this run tags is likely to change before the step: not worth a container.
        if (BuiltTags.Contains(image) || BuiltTags.Contains(image + ":latest")) return;
        context.Prepared.Prepare(step.Id, async () =>
        {
            if (await context.Engine.InspectImageAsync(image, context.RunEnded).ConfigureAwait(false) is not { } details) return null;
            // Created once the run's network and volumes exist (the source may still be on its way into /workspace).
            await context.Layout.WaitAsync(context.RunEnded).ConfigureAwait(false);
            var spec = BuildSpec(step, image, words.Skip(1).ToList(), serial: 1);
            var id = await context.Engine.CreateContainerAsync(spec, context.RunEnded).ConfigureAwait(false);
            if (context.Options.ExternalNetwork is { } external)
            {
                // Joined now, so that the step's start is the start alone; when joining fails, the step tries again and reports it.
                try { await context.Engine.ConnectNetworkAsync(id, external, [step.Id], context.RunEnded).ConfigureAwait(false); }
                catch (Exception e) when (e is EngineException or OperationCanceledException)
                {
                    await RemoveQuietlyAsync(id).ConfigureAwait(false);
                    return null;
                }
            }
            return new PreparedContainer(id, details.Id);
        });
    }

    /// <summary>Removes the prepared containers no step used (their steps were skipped or cancelled).</summary>
    public async Task DiscardPreparedAsync()
    {
        foreach (var left in await context.Prepared.TakeAllAsync().ConfigureAwait(false))
            context.Ledger.AddRemoval(RemoveQuietlyAsync(left.ContainerId));
    }

    private HashSet<string> BuiltTags => _builtTags ??= context.Plan.Steps
        .Where(s => s.Kind == StepKind.Build)
        .SelectMany(s =>
        {
            try { return DockerBuildArgumentParser.Parse(s.Definition.Command ?? "").Tags; }
            catch (FormatException) { return []; }
        })
        .ToHashSet(StringComparer.Ordinal);
    private HashSet<string>? _builtTags;

    private string ImageOf(IReadOnlyList<string> words) =>
        context.Options.ImageAliases.TryGetValue(words[0], out var mapped) ? mapped : words[0];

    /// <summary>The container a step's attempt runs in (public for --dry-run listings and tests).</summary>
    public ContainerSpec BuildSpec(PlannedStep step, string image, IReadOnlyList<string> arguments, int serial)
    {
        var d = step.Definition;
        // A name without '=' (accepted, with a warning, when the task has no env) sets nothing, as `--env NAME` in acb.
        var env = step.Env.Where(e => e.Contains('=')).ToList();
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal))) env.Add("HOME=" + RunWorkspace.HomePath);
        var mounts = context.CommonMounts.ToList();
        foreach (var mount in d.VolumeMounts)
        {
            if (!context.TaskVolumes.TryGetValue(mount.Name, out var volume))
                throw new StepFailedException($"volume '{mount.Name}' is not declared in the task's volumes");
            mounts.Add(new ContainerMount(ContainerMountKind.Volume, volume, mount.MountPath));
        }
        List<PortBinding> ports;
        try { ports = d.Ports.Select(PortBinding.Parse).ToList(); }
        catch (FormatException e) { throw new StepFailedException(e.Message, e); }
        var network = string.IsNullOrWhiteSpace(d.Network) ? context.DefaultNetwork : d.Network;
        return new ContainerSpec
        {
            Name = context.Names.Container(step.Id, serial),
            Image = image,
            Command = arguments,
            // As acb: an empty entryPoint leaves the image's own (docker run --entrypoint "" would clear it).
            Entrypoint = string.IsNullOrEmpty(d.EntryPoint) ? null : [d.EntryPoint],
            Env = env,
            WorkingDirectory = step.WorkingDirectory ?? (d.DisableWorkingDirectoryOverride ? null : RunWorkspace.WorkspacePath),
            User = string.IsNullOrWhiteSpace(d.User) ? null : d.User,
            Privileged = d.Privileged,
            Network = network,
            // Docker has network aliases on user-defined networks only.
            NetworkAliases = network is null or "host" or "none" or "bridge" or "default" ? [] : [step.Id],
            Isolation = string.IsNullOrWhiteSpace(d.Isolation) ? null : d.Isolation,
            NanoCpus = ParseCpus(d.Cpus),
            Ports = ports,
            Expose = d.Expose,
            Mounts = mounts,
            Labels = context.Names.Labels,
        };
    }

    private static IReadOnlyList<string> Words(PlannedStep step)
    {
        IReadOnlyList<string> words;
        try { words = ShellWords.Split(step.Definition.Command ?? ""); }
        catch (FormatException e) { throw new StepFailedException("cmd: " + e.Message, e); }
        if (words.Count == 0) throw new StepFailedException("cmd: no image given");
        return words;
    }

    /// <summary>Pulls the image when it is missing (or the step asks to pull); returns its id when it was already there.</summary>
    private async Task<string?> EnsureImageAsync(PlannedStep step, string image, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var present = step.Definition.Pull ? null : await context.Engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        if (present is not null) return present.Id;
        var auth = await context.CredentialsForImageAsync(image, cancellationToken).ConfigureAwait(false);
        attempt.Output($"Pulling {image}", false);
        try
        {
            await context.Engine.PullImageAsync(image, auth, l => attempt.Output(l.Text, false, l.Continues), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException($"image {image} is not on the engine and could not be pulled: {e.Message}", e);
        }
        return null;
    }

    private async Task StreamQuietlyAsync(string id, StepAttempt attempt)
    {
        try
        {
            await context.Engine.StreamOutputAsync(id, l => attempt.Output(l.Text, l.IsError, l.Continues), context.RunEnded).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or EngineException or IOException)
        {
            // The run ended or the container went away: its output ends here.
        }
    }

    private async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await context.Engine.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            context.Observer.OnEvent(new RunMessage("clean-up: " + e.Message));
        }
    }

    private static long? ParseCpus(string? cpus)
    {
        if (string.IsNullOrWhiteSpace(cpus)) return null;
        if (!decimal.TryParse(cpus, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new StepFailedException($"cpus: '{cpus}' is not a positive number");
        return (long)(value * 1_000_000_000m);
    }
}
