using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>
/// For <c>--dry-run</c>: reports each engine call it is asked to make as a <see cref="RunMessage"/> and makes none.
/// Containers "exit" with 0 at once, images are taken as present, nothing is read from build contexts.
/// </summary>
public sealed class DryRunEngine(IRunObserver observer) : IContainerEngine
{
    private int _containers;

    private void Say(string text) => observer.OnEvent(new RunMessage("would " + text));

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken) => Task.FromResult(new EngineInfo("linux", "amd64", "dry-run", "dry-run"));
    public Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
    public Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) { Say($"create network {spec.Name} (driver {spec.Driver ?? "bridge"})"); return Task.CompletedTask; }
    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) { Say($"remove network {name}"); return Task.CompletedTask; }
    public Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) { Say($"create volume {name}"); return Task.CompletedTask; }
    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) { Say($"remove volume {name}"); return Task.CompletedTask; }
    public Task CopyIntoVolumeAsync(string volume, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken) { Say($"copy files into volume {volume}"); return Task.CompletedTask; }
    public Task<bool> ReadFromVolumeAsync(string volume, string path, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> readTar, CancellationToken cancellationToken) { Say($"read /{path} from volume {volume}"); return Task.FromResult(false); }
    public Task<ImageDetails?> InspectImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult<ImageDetails?>(new ImageDetails("sha256:dry-run", "linux", "amd64", [image], []));
    public Task<IReadOnlyDictionary<string, EngineObjects>> ListByLabelValueAsync(string label, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, EngineObjects>>(new Dictionary<string, EngineObjects>());
    public Task UntagImageAsync(string reference, CancellationToken cancellationToken) { Say($"remove tag {reference}"); return Task.CompletedTask; }
    public Task PullImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken) { Say($"pull {image}"); return Task.CompletedTask; }

    public Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var details = new List<string> { $"image {spec.Image}" };
        if (spec.Command.Count > 0) details.Add("command [" + string.Join(", ", spec.Command) + "]");
        if (spec.Entrypoint is { } entrypoint) details.Add("entrypoint [" + string.Join(", ", entrypoint) + "]");
        if (spec.WorkingDirectory is { } wd) details.Add("workdir " + wd);
        if (spec.User is { } user) details.Add("user " + user);
        if (spec.Privileged) details.Add("privileged");
        details.Add($"network {spec.Network} as {string.Join(", ", spec.NetworkAliases)}");
        if (spec.Ports.Count > 0) details.Add("ports " + string.Join(", ", spec.Ports.Select(p => $"{p.HostIp}{(p.HostIp is null ? "" : ":")}{p.HostPort}->{p.Key}")));
        details.Add("mounts " + string.Join(", ", spec.Mounts.Select(m => $"{m.Source}:{m.Target}")));
        if (spec.Env.Count > 0) details.Add("env " + string.Join(", ", spec.Env.Select(e => e.Split('=')[0])));
        Say($"create container {spec.Name}: {string.Join("; ", details)}");
        return Task.FromResult(spec.Name + "#" + Interlocked.Increment(ref _containers));
    }

    public Task ConnectNetworkAsync(string container, string network, IReadOnlyList<string> aliases, CancellationToken cancellationToken) { Say($"connect {Name(container)} to network {network}"); return Task.CompletedTask; }
    public Task StartContainerAsync(string container, CancellationToken cancellationToken) { Say($"start {Name(container)}"); return Task.CompletedTask; }
    public Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<long> WaitContainerAsync(string container, CancellationToken cancellationToken) => Task.FromResult(0L);
    public Task KillContainerAsync(string container, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RemoveContainerAsync(string container, CancellationToken cancellationToken) { Say($"remove container {Name(container)}"); return Task.CompletedTask; }

    public Task<string> BuildImageAsync(ImageBuildSpec spec, Stream context, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        var details = new List<string> { "dockerfile " + spec.Dockerfile };
        if (spec.Tags.Count > 0) details.Add("tags " + string.Join(", ", spec.Tags));
        if (spec.BuildArgs.Count > 0) details.Add("build args " + string.Join(", ", spec.BuildArgs.Keys));
        if (spec.Target is { } target) details.Add("target " + target);
        if (spec.Platform is { } platform) details.Add("platform " + platform);
        if (spec.NoCache) details.Add("no cache");
        if (spec.Pull) details.Add("pull");
        Say("build an image: " + string.Join("; ", details));
        return Task.FromResult("sha256:dry-run");
    }

    public Task<string?> PushImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        Say($"push {image}" + (auth is null ? "" : $" as {auth.Username}"));
        return Task.FromResult<string?>(null);
    }

    public Task<EngineObjects> ListLabelledAsync(string label, string value, CancellationToken cancellationToken) => Task.FromResult(new EngineObjects([], [], []));

    private static string Name(string container) => container.Split('#')[0];
}
