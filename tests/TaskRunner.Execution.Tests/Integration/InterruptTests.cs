using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// Interrupts at every point of a run's set-up, not only once its steps run: after each interruption the engine's own
/// listing of the run's label (containers, volumes, networks) is empty. In process, a hook cancels the run at each
/// call that makes something on the engine, in the worst way (the engine completes the call, the run is told
/// "cancelled"); as a process, a sweep of real SIGINT and SIGTERM delays from the start, `--timeout` expiring while the
/// source is still being copied, and a second run with the same id started while the first cleans up.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InterruptTests : EngineTest
{
    /// <summary>Three steps, one detached, a secret volume: every kind of object a run makes.</summary>
    private const string Task = """
        volumes:
          - name: creds
            secret:
              token.txt: c2VjcmV0LXZhbHVl
        steps:
          - id: server
            cmd: busybox sleep 60
            detach: true
          - id: one
            cmd: busybox sh -c 'cat /workspace/acr-task.yaml >/dev/null'
            volumeMounts:
              - name: creds
                mountPath: /run/creds
          - id: two
            cmd: busybox sleep 1
        """;

    private readonly List<string> _runIds = [];

    [TearDown]
    public async Task RemoveWhatTheRunsLeftAsync()
    {
        // Only when a test failed is anything left: it goes, so that other tests start from a clean engine.
        foreach (var id in _runIds)
        {
            using var shell = Process.Start("sh", ["-c", RunNames.RemoveCommands(id) + " 2>/dev/null"])!;
            await shell.WaitForExitAsync();
        }
        _runIds.Clear();
    }

    public enum Hook
    {
        /// <summary>The engine completes the call; the run is told it was cancelled (a client that gave up too late).</summary>
        CompletedButCancelled,
        /// <summary>The run is cancelled while the call is on its way to the engine.</summary>
        CancelledInFlight,
    }

    [TestCase(Hook.CompletedButCancelled, false)]
    [TestCase(Hook.CancelledInFlight, true)]
    public async Task A_run_cancelled_at_any_call_that_creates_something_leaves_nothing_behind(Hook hook, bool dockerSocket)
    {
        WithTask(Task);
        // Without the docker socket the first steps' containers are created ahead, during the set-up.
        var interrupted = await CancelAtEveryCallAsync(Task, Options with { MountDockerSocket = dockerSocket }, hook);
        // Every kind of creating call was hit, set-up and steps alike.
        Assert.That(interrupted, Has.Some.StartsWith("create network"));
        Assert.That(interrupted, Has.Some.StartsWith("create volume"));
        Assert.That(interrupted, Has.Some.StartsWith("copy into volume"));
        Assert.That(interrupted, Has.Some.StartsWith("create container"));
        Assert.That(interrupted, Has.Some.StartsWith("start container"));
    }

    [TestCase(Hook.CompletedButCancelled)]
    [TestCase(Hook.CancelledInFlight)]
    public async Task A_run_whose_first_step_starts_beside_the_set_up_cancelled_at_any_call_leaves_nothing_behind(Hook hook)
    {
        // The first step is a build from the source directory: it runs while the network and volumes are made.
        var image = "taskrunner-it-beside:" + RunId;
        var task = Task.Replace("steps:\n", $"steps:\n  - id: image\n    build: -t {image} .\n");
        WithTask(task);
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox:latest\nCOPY acr-task.yaml /task.yaml\n");
        RemoveAfterTest(image);

        var interrupted = await CancelAtEveryCallAsync(task, Options with { MountDockerSocket = false }, hook);

        Assert.That(interrupted, Has.Some.StartsWith("create network"));
        Assert.That(interrupted, Has.Some.StartsWith("copy into volume"));
        Assert.That(interrupted, Has.Some.StartsWith("start container"));
    }

    /// <summary>Runs the task once per creating call, cancelled at that call, until a run gets through; returns where each was cut.</summary>
    private async Task<List<string>> CancelAtEveryCallAsync(string task, RunOptions options, Hook hook)
    {
        var interrupted = new List<string>();
        for (var at = 1; at < 40; at++)
        {
            var id = $"{RunId}-{at}";
            _runIds.Add(id);
            using var cancel = new CancellationTokenSource();
            var engine = new InterruptingEngine(Engine, at, hook, cancel);
            var clock = Stopwatch.StartNew();
            var result = await RunAsync(Plans.Load(task, id), options, TestPorts.For(engine), cancel.Token);
            TestContext.Out.WriteLine($"call {at}: {engine.InterruptedAt ?? "none"}, {clock.Elapsed.TotalSeconds:0.0} s");
            if (engine.InterruptedAt is null)
            {
                Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded).Or.EqualTo(RunStatus.Failed), Errors(result));
                break;
            }
            interrupted.Add(engine.InterruptedAt);
            Assert.That(result.Status, Is.EqualTo(RunStatus.Cancelled), $"interrupted at {engine.InterruptedAt}: {result.Error} {Errors(result)}");
            Assert.That(await LabelledAsync(id), Is.Empty, $"left after an interrupt at {engine.InterruptedAt} (call {at})");
            Assert.That(await DockerCli.ObjectsNamedAsync(id), Is.Empty, $"left after an interrupt at {engine.InterruptedAt} (call {at})");
        }
        TestContext.Out.WriteLine("interrupted at: " + string.Join(", ", interrupted));
        return interrupted;
    }

    [Test]
    public async Task Sigint_and_sigterm_at_any_moment_of_the_set_up_leave_nothing_behind()
    {
        var directory = WithTask(Task);
        var outcomes = new List<string>();
        // Delays from the moment the run says it starts (before it makes anything): while the engine is reached, the
        // network and volumes are made, the source is copied, the first containers are made and started.
        for (var i = 0; i <= 16; i++)
        {
            var delay = TimeSpan.FromMilliseconds(i * 100);
            var signal = i % 2 == 0 ? "INT" : "TERM";
            var id = $"{RunId}-s{i}";
            _runIds.Add(id);
            using var process = TaskRunnerProcess.Start(directory, null, "run", "--progress", "plain", "--verbose", "--id", id);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.Stdout.Contains($"run {id}:", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await System.Threading.Tasks.Task.Delay(5);
            await System.Threading.Tasks.Task.Delay(delay);
            await process.InterruptAsync(signal);
            var exit = await process.WaitAsync(TimeSpan.FromSeconds(90));
            var stage = process.Stdout.Contains("] started", StringComparison.Ordinal) ? "steps"
                : process.Stdout.Contains("created ", StringComparison.Ordinal) ? "set-up" : "before set-up";
            outcomes.Add($"{delay.TotalMilliseconds} ms SIG{signal}: exit {exit}, during {stage}");

            Assert.That(exit, Is.EqualTo(130), process.Stdout + process.Stderr);
            Assert.That(await LabelledAsync(id), Is.Empty, $"left after SIG{signal} at {delay.TotalMilliseconds} ms\n{process.Stdout}{process.Stderr}");
            Assert.That(await DockerCli.ObjectsNamedAsync(id), Is.Empty, $"left after SIG{signal} at {delay.TotalMilliseconds} ms");
            AssertNoStackTrace(process.Stdout + process.Stderr);
        }
        TestContext.Out.WriteLine(string.Join('\n', outcomes));
        Assert.That(outcomes, Has.Some.Contains("during set-up"));
    }

    [Test]
    public async Task The_run_timeout_expiring_while_the_source_is_copied_leaves_nothing_behind()
    {
        var directory = WithTask(Task);
        // 400 MB to copy into /workspace: the set-up takes longer than the 1 s --timeout.
        using (var big = File.Create(Path.Combine(directory, "big.bin"))) big.SetLength(400L * 1024 * 1024);
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--progress", "plain", "--id", RunId, "--timeout", "1");

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout + stderr, Does.Contain("timed out").IgnoreCase);
        Assert.That(stdout, Does.Not.Contain("[server] start"), "the timeout expired during the set-up");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(await LabelledAsync(RunId), Is.Empty);
        AssertNoStackTrace(stdout + stderr);
    }

    [Test]
    public async Task A_second_run_with_the_same_id_started_while_the_first_cleans_up_waits_for_it_and_both_leave_nothing()
    {
        var directory = WithTask("""
            steps:
              - id: server
                cmd: busybox sleep 120
                detach: true
              - {id: a, cmd: busybox sleep 120, when: ["server"]}
              - {id: b, cmd: busybox sleep 120, when: ["server"]}
              - {id: c, cmd: busybox sleep 120, when: ["server"]}
              - {id: d, cmd: busybox sleep 120, when: ["server"]}
            """);
        var second = Directory.CreateTempSubdirectory("taskrunner-it-second-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(second, "acr-task.yaml"), "steps:\n  - id: quick\n    cmd: busybox echo second run\n");
            using var first = TaskRunnerProcess.Start(directory, null, "run", "--progress", "plain", "--id", RunId);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!"abcd".All(id => first.Stdout.Contains($"[{id}] start")) && DateTime.UtcNow < deadline) await System.Threading.Tasks.Task.Delay(50);
            await first.InterruptAsync();
            while (!first.Stderr.Contains("interrupted;") && DateTime.UtcNow < deadline) await System.Threading.Tasks.Task.Delay(10);
            var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(second, null, "run", "--progress", "plain", "--id", RunId);
            var firstExit = await first.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.That(firstExit, Is.EqualTo(130), first.Stdout + first.Stderr);
            Assert.That(exit, Is.Zero, stdout + stderr);
            Assert.That(stdout, Does.Contain("second run"));
            TestContext.Out.WriteLine(stdout);
            Assert.That(await LabelledAsync(RunId), Is.Empty);
        }
        finally
        {
            Directory.Delete(second, true);
        }
    }

    /// <summary>The engine's own listing (the docker CLI, by the run's label) of containers, volumes and networks.</summary>
    internal static async Task<IReadOnlyList<string>> LabelledAsync(string runId)
    {
        var filter = $"label={RunNames.RunLabel}={runId}";
        var found = new List<string>();
        foreach (var args in new[]
        {
            new[] { "ps", "-a", "--format", "{{.Names}}", "--filter", filter },
            new[] { "volume", "ls", "--format", "{{.Name}}", "--filter", filter },
            new[] { "network", "ls", "--format", "{{.Name}}", "--filter", filter },
        })
        {
            found.AddRange((await DockerCli.CheckedAsync(args)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => $"{args[0]} {n}"));
        }
        return found;
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.That(output, Does.Not.Match(@"\n\s+at [\w.]+\(").And.Not.Contain("Unhandled exception"));

    /// <summary>
    /// The real engine, with the run cancelled at the <c>at</c>-th call that makes something (network, volume, copy,
    /// container, start, network connection), in the way <see cref="Hook"/> says.
    /// </summary>
    private sealed class InterruptingEngine(IContainerEngine inner, int at, Hook hook, CancellationTokenSource run) : IContainerEngine
    {
        private int _calls;

        /// <summary>The call the run was cancelled at; null when the run made fewer calls.</summary>
        public string? InterruptedAt { get; private set; }

        private async Task<T> Creating<T>(string what, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> call)
        {
            if (Interlocked.Increment(ref _calls) != at) return await call(cancellationToken);
            InterruptedAt = what;
            if (hook == Hook.CompletedButCancelled)
            {
                await call(CancellationToken.None);
                await run.CancelAsync();
                throw new OperationCanceledException(cancellationToken);
            }
            var sent = call(cancellationToken);
            await run.CancelAsync();
            return await sent;
        }

        private Task Creating(string what, CancellationToken cancellationToken, Func<CancellationToken, Task> call) =>
            Creating(what, cancellationToken, async token => { await call(token); return 0; });

        public Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) =>
            Creating("create network " + spec.Name, cancellationToken, t => inner.CreateNetworkAsync(spec, t));
        public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
            Creating("create volume " + name, cancellationToken, t => inner.CreateVolumeAsync(name, labels, t));
        public Task CopyIntoVolumeAsync(string volume, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken) =>
            Creating("copy into volume " + volume, cancellationToken, t => inner.CopyIntoVolumeAsync(volume, labels, writeTar, t));
        public Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
            Creating("create container " + spec.Name, cancellationToken, t => inner.CreateContainerAsync(spec, t));
        public Task ConnectNetworkAsync(string container, string network, IReadOnlyList<string> aliases, CancellationToken cancellationToken) =>
            Creating("connect network " + network, cancellationToken, t => inner.ConnectNetworkAsync(container, network, aliases, t));
        public Task StartContainerAsync(string container, CancellationToken cancellationToken) =>
            Creating("start container " + container, cancellationToken, t => inner.StartContainerAsync(container, t));

        public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken) => inner.GetInfoAsync(cancellationToken);
        public Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken) => inner.NetworkExistsAsync(name, cancellationToken);
        public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) => inner.RemoveNetworkAsync(name, cancellationToken);
        public Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken) => inner.VolumeExistsAsync(name, cancellationToken);
        public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) => inner.RemoveVolumeAsync(name, cancellationToken);
        public Task<bool> ReadFromVolumeAsync(string volume, string path, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> readTar, CancellationToken cancellationToken) =>
            inner.ReadFromVolumeAsync(volume, path, labels, readTar, cancellationToken);
        public Task<ImageDetails?> InspectImageAsync(string image, CancellationToken cancellationToken) => inner.InspectImageAsync(image, cancellationToken);
        public Task PullImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken) => inner.PullImageAsync(image, auth, output, cancellationToken);
        public Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken) => inner.StreamOutputAsync(container, output, cancellationToken);
        public Task<long> WaitContainerAsync(string container, CancellationToken cancellationToken) => inner.WaitContainerAsync(container, cancellationToken);
        public Task KillContainerAsync(string container, CancellationToken cancellationToken) => inner.KillContainerAsync(container, cancellationToken);
        public Task RemoveContainerAsync(string container, CancellationToken cancellationToken) => inner.RemoveContainerAsync(container, cancellationToken);
        public Task UntagImageAsync(string reference, CancellationToken cancellationToken) => inner.UntagImageAsync(reference, cancellationToken);
        public Task<IReadOnlyDictionary<string, EngineObjects>> ListByLabelValueAsync(string label, CancellationToken cancellationToken) => inner.ListByLabelValueAsync(label, cancellationToken);
        public Task<string> BuildImageAsync(ImageBuildSpec spec, Stream context, Action<OutputLine> output, CancellationToken cancellationToken) => inner.BuildImageAsync(spec, context, output, cancellationToken);
        public Task<string?> PushImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken) => inner.PushImageAsync(image, auth, output, cancellationToken);
        public Task<EngineObjects> ListLabelledAsync(string label, string value, CancellationToken cancellationToken) => inner.ListLabelledAsync(label, value, cancellationToken);
    }
}
