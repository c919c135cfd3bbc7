using System.Collections.Concurrent;
using System.Globalization;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Tests.Support;

/// <summary>
/// A scripted engine for scheduler logic: a container's command says what it does —
/// <c>sleep S</c> waits S seconds then exits 0, <c>exit N</c> exits N, <c>echo TEXT</c> prints, <c>flaky N TEXT</c>
/// prints TEXT and fails on its first N runs (counted per container name prefix). It records starts and ends.
/// </summary>
public sealed class FakeContainerEngine : IContainerEngine
{
    private readonly ConcurrentDictionary<string, ContainerSpec> _containers = new();
    private readonly ConcurrentDictionary<string, int> _flakyRuns = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _exits = new();
    private readonly ConcurrentDictionary<string, List<string>> _outputs = new();
    private readonly object _lock = new();
    private int _running;

    public List<(string Event, string Name, DateTimeOffset Time)> Timeline { get; } = [];
    public int MaxConcurrent { get; private set; }
    public ConcurrentBag<string> Removed { get; } = [];
    public ConcurrentBag<string> Killed { get; } = [];
    public ConcurrentBag<string> NetworksCreated { get; } = [];
    public ConcurrentBag<string> NetworksRemoved { get; } = [];
    public ConcurrentBag<string> VolumesCreated { get; } = [];
    public ConcurrentBag<string> VolumesRemoved { get; } = [];
    public IReadOnlyCollection<ContainerSpec> Created => _containers.Values.ToList();

    public IEnumerable<string> Order(string @event)
    {
        lock (_lock) return Timeline.Where(t => t.Event == @event).Select(t => t.Name).ToList();
    }

    private void Record(string @event, string name)
    {
        lock (_lock) Timeline.Add((@event, name, DateTimeOffset.UtcNow));
    }

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken) => Task.FromResult(new EngineInfo("linux", "amd64", "1.41", "fake"));
    public Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
    /// <summary>Runs before a network is created: a test may hold the set-up back or fail it.</summary>
    public Func<NetworkSpec, Task>? BeforeCreatingNetwork { get; set; }
    public async Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken)
    {
        if (BeforeCreatingNetwork is { } before) await before(spec);
        NetworksCreated.Add(spec.Name);
        Record("network", spec.Name);
    }
    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) { NetworksRemoved.Add(name); return Task.CompletedTask; }
    public Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) { VolumesCreated.Add(name); return Task.CompletedTask; }
    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) { VolumesRemoved.Add(name); return Task.CompletedTask; }
    /// <summary>The files every volume holds (path relative to the volume root, content), as the archive API serves them.</summary>
    public Dictionary<string, string> VolumeFiles { get; } = new() { ["Dockerfile"] = "FROM scratch\n" };

    public async Task<bool> ReadFromVolumeAsync(string volume, string path, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> readTar, CancellationToken cancellationToken)
    {
        path = path.Trim('/');
        var top = path.Length == 0 ? "volume" : path.Split('/')[^1];
        var entries = VolumeFiles.TryGetValue(path, out var single)
            ? [(top, single)]
            : VolumeFiles.Where(f => path.Length == 0 || f.Key.StartsWith(path + "/", StringComparison.Ordinal))
                .Select(f => (Name: top + "/" + (path.Length == 0 ? f.Key : f.Key[(path.Length + 1)..]), Content: f.Value)).ToList();
        if (entries.Count == 0) return false;
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, content) in entries)
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        tar.Position = 0;
        await readTar(tar, cancellationToken);
        return true;
    }
    public async Task CopyIntoVolumeAsync(string volume, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken) =>
        await writeTar(Stream.Null, cancellationToken);
    /// <summary>Gives a new image id at every inspection, as if the image were rebuilt between any two looks.</summary>
    public bool ImageChangesEveryTime { get; set; }
    private int _inspections;

    public Task<ImageDetails?> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _inspections);
        return Task.FromResult<ImageDetails?>(new ImageDetails(ImageChangesEveryTime ? $"sha256:fake{n}" : "sha256:fake", "linux", "amd64", [image], []));
    }
    public Task PullImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var id = spec.Name;
        if (_containers.ContainsKey(id) && !Removed.Contains(id)) throw new EngineException($"Conflict. The container name \"/{id}\" is already in use");
        Record("create", id);
        lock (_lock) { _finished.Remove(id); _started.Remove(id); }
        _containers[id] = spec;
        _exits[id] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _outputs[id] = [];
        return Task.FromResult(id);
    }

    public Task ConnectNetworkAsync(string container, string network, IReadOnlyList<string> aliases, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartContainerAsync(string container, CancellationToken cancellationToken)
    {
        var spec = _containers[container];
        Record("start", container);
        lock (_lock) { _started.Add(container); _running++; MaxConcurrent = Math.Max(MaxConcurrent, _running); }
        _ = Task.Run(async () =>
        {
            long code = 0;
            var args = spec.Command;
            switch (args.FirstOrDefault())
            {
                case "sleep":
                    await Task.Delay(TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)));
                    break;
                case "exit":
                    code = long.Parse(args[1], CultureInfo.InvariantCulture);
                    break;
                case "echo":
                    _outputs[container].Add(string.Join(' ', args.Skip(1)));
                    break;
                case "flaky":
                    var key = Prefix(container);
                    var run = _flakyRuns.AddOrUpdate(key, 1, (_, n) => n + 1);
                    _outputs[container].Add(string.Join(' ', args.Skip(2)));
                    if (run <= int.Parse(args[1], CultureInfo.InvariantCulture)) code = 1;
                    break;
            }
            Finish(container, code);
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private readonly HashSet<string> _finished = [];
    private readonly HashSet<string> _started = [];

    private void Finish(string container, long code)
    {
        // Counted as ended before anyone waiting on the exit can go on (and start the next container).
        lock (_lock)
        {
            if (!_finished.Add(container)) return;
            if (_started.Contains(container)) _running--;
            Timeline.Add(("end", container, DateTimeOffset.UtcNow));
        }
        _exits[container].TrySetResult(code);
    }

    private static string Prefix(string name)
    {
        var parts = name.Split('-');
        return int.TryParse(parts[^1], out _) ? string.Join('-', parts[..^1]) : name;
    }

    public async Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        await _exits[container].Task.WaitAsync(cancellationToken);
        foreach (var line in _outputs[container]) output(new OutputLine(line, false));
    }

    public Task<long> WaitContainerAsync(string container, CancellationToken cancellationToken) => _exits[container].Task.WaitAsync(cancellationToken);

    public Task KillContainerAsync(string container, CancellationToken cancellationToken)
    {
        Killed.Add(container);
        Finish(container, 137);
        return Task.CompletedTask;
    }

    public ConcurrentBag<string> Untagged { get; } = [];

    public Task<IReadOnlyDictionary<string, EngineObjects>> ListByLabelValueAsync(string label, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, EngineObjects>>(new Dictionary<string, EngineObjects>());

    public Task UntagImageAsync(string reference, CancellationToken cancellationToken)
    {
        Untagged.Add(reference);
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string container, CancellationToken cancellationToken)
    {
        Removed.Add(container);
        Record("remove", container);
        if (_exits.TryGetValue(container, out _)) Finish(container, 137);
        return Task.CompletedTask;
    }

    /// <summary>Runs before an image is built: a test may hold a build back.</summary>
    public Func<Task>? BeforeBuilding { get; set; }
    public async Task<string> BuildImageAsync(ImageBuildSpec spec, Stream context, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        if (BeforeBuilding is { } before) await before();
        Record("build", spec.Tags.FirstOrDefault() ?? "");
        return "sha256:built";
    }
    public Task<string?> PushImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        Record("push", image);
        return Task.FromResult<string?>("sha256:" + new string('a', 64));
    }
    /// <summary>How many labelled listings the run asked for (the look for leftovers before it, the clean-up after it).</summary>
    public int LabelledListings => _labelledListings;
    private int _labelledListings;

    public Task<EngineObjects> ListLabelledAsync(string label, string value, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _labelledListings);
        return Task.FromResult(new EngineObjects([], [], []));
    }
}
