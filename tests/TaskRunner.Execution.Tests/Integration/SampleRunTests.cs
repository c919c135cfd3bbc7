using System.Diagnostics;
using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>The samples under samples/run-*, run end to end on the real engine and registry.</summary>
[TestFixture]
[Category("Integration")]
public sealed class SampleRunTests : EngineTest
{
    [Test]
    public async Task Build_and_run_an_image_then_push_it()
    {
        var result = await RunSampleAsync("run-build-and-run");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}")));
        Assert.That(Events.OutputOf("run"), Is.EqualTo(new[] { "hello from a build arg", "the message file made it into the image" }));
        Assert.That(Events.OutputOf("check-ignored"), Does.Contain("context ok"));
        Assert.That(result.ImagesBuilt.Single().ImageId, Does.StartWith("sha256:"));
        var pushed = result.ImagesPushed.Single();
        Assert.That(pushed.Image, Is.EqualTo($"{Repository.Registry}/run-samples/hello:{RunId}"));
        Assert.That(pushed.Digest, Does.Match("^sha256:[0-9a-f]{64}$"));
        Assert.That(result.ImagesBuilt.Single().RuntimeDependency, Is.EqualTo("busybox"));
        var (_, labels) = await DockerCli.RunAsync("image", "inspect", "--format", "{{index .Config.Labels \"org.example.run\"}}", pushed.Image);
        Assert.That(labels.Trim(), Is.EqualTo(RunId));
    }

    [Test]
    public async Task Independent_builds_run_in_parallel()
    {
        var result = await RunSampleAsync("run-parallel-builds");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}")));
        Assert.That(Events.OutputOf("use-both"), Does.Contain("worker image"));
        Assert.That(Events.OutputOf("web-too"), Does.Contain("web image"));
        var events = Events.Events;
        DateTimeOffset Started(string id) => events.OfType<StepStarted>().First(s => s.StepId == id).Time;
        DateTimeOffset Finished(string id) => events.OfType<StepFinished>().First(s => s.Result.StepId == id).Time;
        Assert.That(Started("build-worker"), Is.LessThan(Finished("build-web")), "the second build started before the first ended");
        Assert.That(Started("use-both"), Is.GreaterThanOrEqualTo(Finished("build-worker")).And.GreaterThanOrEqualTo(Finished("build-web")));
    }

    [Test]
    public async Task A_detached_server_is_reached_by_its_step_id()
    {
        var result = await RunSampleAsync("run-detached-server");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}")));
        Assert.That(Events.OutputOf("client"), Does.Contain("served by the detached step"));
    }

    [Test]
    public async Task Steps_share_files_through_the_workspace_and_the_source_is_untouched()
    {
        var source = Repository.Sample("run-workspace-files");
        var before = Directory.GetFiles(source).Select(Path.GetFileName).Order().ToList();

        var result = await RunSampleAsync("run-workspace-files");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}")));
        Assert.That(Events.OutputOf("consume"), Is.EqualTo(new[] { "from the source directory", "written by produce" }));
        Assert.That(Events.OutputOf("home"), Is.EqualTo(new[] { "/acb/home", "marker" }));
        Assert.That(Directory.GetFiles(source).Select(Path.GetFileName).Order().ToList(), Is.EqualTo(before), "the step deleted input.txt in its copy only");
    }

    [Test]
    public async Task Bind_mounts_the_source_directory_itself()
    {
        var source = Directory.CreateTempSubdirectory("taskrunner-bind-").FullName;
        try
        {
            var plan = Plans.Load("""
                steps:
                  - cmd: busybox sh -c 'echo from-step > /workspace/written.txt'
                """, RunId);
            var result = await RunAsync(plan, new RunOptions { SourceDirectory = source, BindSource = true });
            Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
            Assert.That(File.ReadAllText(Path.Combine(source, "written.txt")).Trim(), Is.EqualTo("from-step"));
        }
        finally
        {
            Directory.Delete(source, true);
        }
    }

    [Test]
    public async Task A_failing_step_stops_the_run_and_skips_the_rest()
    {
        var result = await RunSampleAsync("run-failing-step");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(Step(result, "tolerated").IgnoredError, Is.True);
        Assert.That(Step(result, "broken").Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(Step(result, "broken").Error, Is.EqualTo("exit code 3"));
        Assert.That(Events.Events.OfType<StepOutput>().Where(o => o.StepId == "broken").Single().IsError, Is.True);
        Assert.That(Step(result, "never").Status, Is.EqualTo(StepStatus.Skipped));
        Assert.That(Events.OutputOf("never"), Is.Empty);
    }

    [Test]
    public async Task A_step_past_its_timeout_is_stopped_and_the_parallel_one_cancelled()
    {
        var clock = Stopwatch.StartNew();
        var result = await RunSampleAsync("run-timeout");

        Assert.That(Step(result, "slow").Status, Is.EqualTo(StepStatus.TimedOut));
        Assert.That(Step(result, "slow").Error, Does.Contain("timed out"));
        Assert.That(Step(result, "parallel").Status, Is.EqualTo(StepStatus.Cancelled));
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task A_transient_failure_is_retried_and_repeat_runs_every_time()
    {
        var result = await RunSampleAsync("run-retries");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}")));
        Assert.That(Events.OutputOf("flaky"), Is.EqualTo(new[] { "transient: connection reset", "worked on retry" }));
        Assert.That(Events.Events.OfType<StepRetrying>().Count(r => r.StepId == "flaky"), Is.EqualTo(1));
        Assert.That(Events.OutputOf("repeated"), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(File.Exists(Path.Combine(Repository.Sample("run-retries"), ".tried")), Is.False);
    }

    [Test]
    public async Task Cancelling_a_run_removes_everything_it_created()
    {
        using var cancel = new CancellationTokenSource();
        var plan = Plans.Load("""
            steps:
              - id: server
                cmd: busybox sleep 60
                detach: true
              - id: waiting
                cmd: busybox sleep 60
            """, RunId);
        var run = RunAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") }, cancel.Token);
        while (!Events.Events.OfType<StepStarted>().Any(s => s.StepId == "waiting")) await Task.Delay(100);
        await Task.Delay(500);
        cancel.Cancel();
        var result = await run;

        Assert.That(result.Status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(result.ExitCode, Is.EqualTo(130));
        Assert.That(Step(result, "waiting").Status, Is.EqualTo(StepStatus.Cancelled));
    }
}
