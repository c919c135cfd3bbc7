using System.Diagnostics;
using NUnit.Framework;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>
/// The engine going away in the middle of a step: an engine of the test's own (<see cref="SecondEngine"/>, never the
/// shared one) is stopped while a run's step runs. The run ends within seconds, exit code 1, naming the engine; once
/// the engine is back, a second run with the same id removes what the first one could not.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class EngineGoingAwayTests
{
    private string _root = null!;
    private TestCertificates? _certificates;
    private SecondEngine? _engine;
    private string _source = null!;
    private string _runId = null!;

    private SecondEngine Engine => _engine!;

    /// <summary>The run reaches the engine through its unix socket, which goes when the engine stops.</summary>
    private Dictionary<string, string> Environment => new() { ["DOCKER_HOST"] = "unix://" + Engine.Socket };

    [OneTimeSetUp]
    public async Task StartEngine()
    {
        if (System.Environment.UserName != "root") Assert.Ignore("a second dockerd and its bridge need root");
        _root = Path.Combine(Path.GetTempPath(), "taskrunner-away-" + Guid.NewGuid().ToString("N")[..8]);
        _certificates = new TestCertificates("taskrunner engine-away test CA");
        _engine = await SecondEngine.StartAsync(Path.Combine(_root, "engine"), _certificates);
    }

    [OneTimeTearDown]
    public async Task StopEngine()
    {
        if (_engine is not null)
        {
            await _engine.StartAgainAsync();
            await _engine.DisposeAsync();
        }
        _certificates?.Dispose();
        if (_root is not null && Directory.Exists(_root)) await Shell.RunAsync("rm", null, "-rf", _root);
    }

    [SetUp]
    public void NewSource()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-away-src-").FullName;
        _runId = "traw" + Guid.NewGuid().ToString("N")[..8];
    }

    [TearDown]
    public void RemoveSource() => Directory.Delete(_source, recursive: true);

    [Test]
    public async Task The_engine_stopping_mid_step_ends_the_run_at_once_naming_it_and_the_next_run_with_the_id_removes_what_was_left()
    {
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), """
            steps:
              - id: server
                cmd: busybox sleep 300
                detach: true
              - id: long
                cmd: busybox sleep 300
            """);
        using var process = TaskRunnerProcess.Start(_source, null, Environment, "run", "--progress", "plain", "--no-docker-socket", "--id", _runId);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!process.Stdout.Contains("[long] started", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.That(process.Stdout, Does.Contain("[long] started"), process.Stdout + process.Stderr);

        var clock = Stopwatch.StartNew();
        var stopping = Engine.StopAsync();
        var exit = await process.WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;
        await stopping;
        TestContext.Out.WriteLine($"ended {elapsed.TotalSeconds:0.0} s after the engine was told to stop\n{process.Stdout}\n{process.Stderr}");

        Assert.That(exit, Is.EqualTo(1), process.Stdout + process.Stderr);
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the run ended within seconds, not when a timeout expired");
        Assert.That(process.Stderr, Does.Contain($"taskrunner: the Docker engine at unix://{Engine.Socket} (context default) went away during the run"));
        Assert.That(process.Stderr, Does.Contain($"taskrunner run --id {_runId}"));
        Assert.That(process.Stdout + process.Stderr, Does.Not.Match(@"\n\s+at [\w.]+\(").And.Not.Contain("internal error"));

        await Engine.StartAgainAsync();
        Assert.That(await HostBridgeIsThereAsync(), Is.True, "starting the test's engine again must not delete the host's docker0");
        var left = await LabelledAsync();
        TestContext.Out.WriteLine("left on the engine: " + string.Join(", ", left));
        Assert.That(left, Is.Not.Empty, "the engine stopped before the run could remove its objects");

        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), "steps:\n  - id: again\n    cmd: busybox echo the engine is back\n");
        var (exit2, stdout2, stderr2) = await TaskRunnerProcess.RunAsync(_source, null, Environment, "run", "--progress", "plain", "--no-docker-socket", "--id", _runId);

        Assert.That(exit2, Is.Zero, stdout2 + stderr2);
        Assert.That(stdout2, Does.Contain("the engine is back"));
        Assert.That(await LabelledAsync(), Is.Empty, stdout2 + stderr2);
    }

    [Test]
    public async Task A_run_started_while_the_engine_is_down_fails_at_once_naming_it()
    {
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), "steps:\n  - id: hello\n    cmd: busybox true\n");
        await Engine.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(_source, null, Environment, "run", "--no-docker-socket", "--id", _runId);

            Assert.That(exit, Is.EqualTo(1), stdout + stderr);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
            Assert.That(stderr, Does.Contain($"unix://{Engine.Socket}"));
            Assert.That(stdout + stderr, Does.Not.Match(@"\n\s+at [\w.]+\(").And.Not.Contain("internal error"));
        }
        finally
        {
            await Engine.StartAgainAsync();
        }
    }

    private static async Task<bool> HostBridgeIsThereAsync() => (await Shell.RunAsync("ip", null, "link", "show", "docker0")).ExitCode == 0;

    /// <summary>The engine's own listing of the run's label: containers, volumes, networks.</summary>
    private async Task<IReadOnlyList<string>> LabelledAsync()
    {
        var filter = $"label={RunNames.RunLabel}={_runId}";
        var found = new List<string>();
        foreach (var args in new[]
        {
            new[] { "ps", "-a", "--format", "{{.Names}}", "--filter", filter },
            new[] { "volume", "ls", "--format", "{{.Name}}", "--filter", filter },
            new[] { "network", "ls", "--format", "{{.Name}}", "--filter", filter },
        })
        {
            var (code, output) = await Engine.DockerAsync(args);
            Assert.That(code, Is.Zero, output);
            found.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => $"{args[0]} {n}"));
        }
        return found;
    }
}
