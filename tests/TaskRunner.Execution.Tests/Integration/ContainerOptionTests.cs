using System.Net.Http;
using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>cmd step options checked from outside the container while the run is going on, and from inside.</summary>
[TestFixture]
[Category("Integration")]
public sealed class ContainerOptionTests : EngineTest
{
    /// <summary>Runs docker commands when a step finishes, while its (kept or detached) container still exists.</summary>
    private sealed class Probe(string stepId, Func<Task> check) : IRunObserver
    {
        public Exception? Failure { get; private set; }
        public bool Ran { get; private set; }

        public void OnEvent(RunEvent runEvent)
        {
            if (runEvent is not StepFinished f || f.Result.StepId != stepId) return;
            Ran = true;
            try { check().GetAwaiter().GetResult(); }
            catch (Exception e) { Failure = e; }
        }
    }

    [Test]
    public async Task Published_ports_exposed_ports_and_cpus_reach_the_engine()
    {
        var container = $"taskrunner-{RunId}-web";
        string? body = null, exposed = null, cpus = null;
        var probe = new Probe("web", async () =>
        {
            var (_, port) = await DockerCli.RunAsync("port", container, "8080/tcp");
            var address = port.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 20 && body is null; i++)
            {
                try { body = await http.GetStringAsync($"http://{address}/hostname"); }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            exposed = (await DockerCli.RunAsync("inspect", "--format", "{{json .Config.ExposedPorts}}", container)).Output;
            cpus = (await DockerCli.RunAsync("inspect", "--format", "{{.HostConfig.NanoCpus}}", container)).Output.Trim();
        });
        var plan = Plans.Load("""
            steps:
              - id: web
                cmd: busybox httpd -f -p 8080 -h /etc
                detach: true
                ports: ["127.0.0.1::8080"]
                expose: ["9000"]
                cpus: "0.5"
            """, RunId);

        var result = await new RunExecutor(TestPorts.For(Engine), new CompositeObserver(Events, probe)).ExecuteAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") }, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(probe.Ran && probe.Failure is null, Is.True, probe.Failure?.ToString());
        Assert.That(body, Is.Not.Null.And.Not.Empty, "the published port answered on 127.0.0.1");
        Assert.That(exposed, Does.Contain("9000/tcp").And.Contain("8080/tcp"));
        Assert.That(cpus, Is.EqualTo("500000000"));
    }

    [Test]
    public async Task A_kept_container_lives_until_the_end_of_the_run()
    {
        var container = $"taskrunner-{RunId}-kept";
        string? state = null;
        var probe = new Probe("after", async () => state = (await DockerCli.RunAsync("inspect", "--format", "{{.State.Status}}", container)).Output.Trim());
        var plan = Plans.Load("""
            steps:
              - id: kept
                cmd: busybox echo done
                keep: true
              - id: after
                cmd: busybox true
            """, RunId);

        var result = await new RunExecutor(TestPorts.For(Engine), new CompositeObserver(Events, probe)).ExecuteAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") }, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(state, Is.EqualTo("exited"), "the kept container was still there after its step");
    }

    [Test]
    public async Task Privileged_network_none_and_disabled_working_directory_override()
    {
        // Privileged containers cannot start in every sandbox (this machine's lacks capabilities): the test checks
        // the engine received the flag, and lets the step fail there.
        var container = $"taskrunner-{RunId}-caps";
        string? privileged = null;
        var probe = new Probe("caps", async () => privileged = (await DockerCli.RunAsync("inspect", "--format", "{{.HostConfig.Privileged}}", container)).Output.Trim());
        var plan = Plans.Load("""
            workingDirectory: /tmp
            steps:
              - id: caps
                cmd: busybox true
                privileged: true
                keep: true
                ignoreErrors: true
              - id: isolated
                cmd: busybox ls /sys/class/net
                network: none
              - id: own-workdir
                cmd: busybox pwd
                disableWorkingDirectoryOverride: true
              - id: task-workdir
                cmd: busybox pwd
            """, RunId);

        var result = await new RunExecutor(TestPorts.For(Engine), new CompositeObserver(Events, probe)).ExecuteAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") }, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(privileged, Is.EqualTo("true"));
        Assert.That(Events.OutputOf("isolated"), Is.EqualTo(new[] { "lo" }));
        Assert.That(Events.OutputOf("own-workdir"), Is.EqualTo(new[] { "/" }));
        Assert.That(Events.OutputOf("task-workdir"), Is.EqualTo(new[] { "/tmp" }));
    }
}
