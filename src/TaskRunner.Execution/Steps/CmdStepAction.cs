using TaskRunner.Tasks.Model;
using System.Globalization;
using TaskRunner.Execution.Engine;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Running;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps;

/// <summary>
/// A cmd step: the image and its arguments (shell-quoted) run as a container on the run's network, reachable by the
/// step id, with /workspace, /acb/home, the docker socket and the step's volumes mounted. A non-zero exit code fails
/// the attempt. <c>docker manifest ...</c> runs in process instead.
/// </summary>
public sealed class CmdStepAction(StepContext context) : IStepAction
{
    public const string WorkspacePath = "/workspace";
    public const string HomePath = "/acb/home";

    public string Describe(PlannedStep step) => step.Definition.Command?.Trim() ?? "";

    public async Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var words = Words(step);
        if (words.Count >= 2 && words[0] == "docker" && words[1] == "manifest" && context.Manifest is { } manifest)
        {
            await RunManifestAsync(manifest, words.Skip(2).ToList(), attempt, cancellationToken).ConfigureAwait(false);
            return;
        }
        var image = context.Options.ImageAliases.TryGetValue(words[0], out var mapped) ? mapped : words[0];
        await EnsureImageAsync(step, image, attempt, cancellationToken).ConfigureAwait(false);

        var spec = BuildSpec(step, image, words.Skip(1).ToList(), attempt.Serial);
        var engine = context.Engine;
        var id = await engine.CreateContainerAsync(spec, cancellationToken).ConfigureAwait(false);
        // Detached and kept containers stay until the end of the run; with --keep every container stays.
        var keepContainer = step.Definition.Detach || step.Definition.Keep || context.Options.Keep;
        if (keepContainer) context.Ledger.AddContainer(spec.Name);
        try
        {
            if (context.Options.ExternalNetwork is { } external)
                await engine.ConnectNetworkAsync(id, external, [step.Id], cancellationToken).ConfigureAwait(false);
            await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            if (step.Definition.Detach)
            {
                // Done once started; its output keeps flowing until the run ends.
                context.Ledger.AddBackground(StreamQuietlyAsync(id, attempt));
                return;
            }
            var output = engine.StreamOutputAsync(id, l => attempt.Output(l.Text, l.IsError), cancellationToken);
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

    /// <summary>The container a step's attempt runs in (public for --dry-run listings and tests).</summary>
    public ContainerSpec BuildSpec(PlannedStep step, string image, IReadOnlyList<string> arguments, int serial)
    {
        var d = step.Definition;
        var env = step.Env.ToList();
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal))) env.Add("HOME=" + HomePath);
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
            Entrypoint = d.EntryPoint is null ? null : [d.EntryPoint],
            Env = env,
            WorkingDirectory = step.WorkingDirectory ?? (d.DisableWorkingDirectoryOverride ? null : WorkspacePath),
            User = string.IsNullOrWhiteSpace(d.User) ? null : d.User,
            Privileged = d.Privileged,
            Network = network,
            NetworkAliases = network is "host" or "none" ? [] : [step.Id],
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

    private async Task EnsureImageAsync(PlannedStep step, string image, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var present = !step.Definition.Pull && await context.Engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is not null;
        if (present) return;
        var auth = await context.CredentialsForImageAsync(image, cancellationToken).ConfigureAwait(false);
        attempt.Output($"Pulling {image}", false);
        try
        {
            await context.Engine.PullImageAsync(image, auth, l => attempt.Output(l, false), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException($"image {image} is not on the engine and could not be pulled: {e.Message}", e);
        }
    }

    private async Task RunManifestAsync(ManifestCommand manifest, IReadOnlyList<string> arguments, StepAttempt attempt, CancellationToken cancellationToken)
    {
        using var stdout = new LineWriter(l => attempt.Output(l, false));
        using var stderr = new LineWriter(l => attempt.Output(l, true));
        var exitCode = await manifest(arguments, stdout, stderr, cancellationToken).ConfigureAwait(false);
        stdout.Flush();
        stderr.Flush();
        if (exitCode != 0) throw new StepFailedException($"docker manifest exited with code {exitCode}", exitCode: exitCode);
    }

    private async Task StreamQuietlyAsync(string id, StepAttempt attempt)
    {
        try
        {
            await context.Engine.StreamOutputAsync(id, l => attempt.Output(l.Text, l.IsError), context.RunEnded).ConfigureAwait(false);
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
