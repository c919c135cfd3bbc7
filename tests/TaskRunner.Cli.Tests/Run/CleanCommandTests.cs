using TaskRunner.Cli.Tests.Support;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Tests.Run;

/// <summary>`taskrunner clean` on the real engine, over what a run killed outright would leave (made here with the docker CLI).</summary>
public sealed class CleanCommandTests : CliRunTest
{
    /// <summary>A container, a network and a volume labelled as the run's, as a run killed with SIGKILL leaves them.</summary>
    private async Task LeaveWhatAKilledRunLeavesAsync()
    {
        var label = $"io.taskrunner.run={RunId}";
        await DockerCli.CheckedAsync("network", "create", "--label", label, $"taskrunner-{RunId}-network");
        await DockerCli.CheckedAsync("volume", "create", "--label", label, $"taskrunner-{RunId}-workspace");
        await DockerCli.CheckedAsync("create", "--name", $"taskrunner-{RunId}-step", "--label", label, "--network", $"taskrunner-{RunId}-network",
            "-v", $"taskrunner-{RunId}-workspace:/workspace", "busybox:latest", "true");
    }

    [Test]
    public async Task Clean_lists_with_dry_run_then_removes_what_a_killed_run_left()
    {
        await LeaveWhatAKilledRunLeavesAsync();

        var (dryExit, dryOut, dryErr) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId, "--dry-run");
        Assert.That(dryExit, Is.EqualTo(0), dryOut + dryErr);
        Assert.That(dryOut, Does.Contain($"run {RunId}: container(s) taskrunner-{RunId}-step; network(s) taskrunner-{RunId}-network; volume(s) taskrunner-{RunId}-workspace"));
        Assert.That(dryOut, Does.Contain("--dry-run: nothing removed"));
        Assert.That(await DockerCli.ObjectsLabelledAsync("io.taskrunner.run", RunId), Has.Count.EqualTo(3));

        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain($"removed what an earlier run with id {RunId} left: 1 container(s), 1 volume(s) and 1 network(s)"));
        Assert.That(await DockerCli.ObjectsLabelledAsync("io.taskrunner.run", RunId), Is.Empty);

        var (again, againOut, _) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId);
        Assert.That(again, Is.EqualTo(0));
        Assert.That(againOut, Does.Contain($"nothing left by taskrunner runs with id {RunId}"));
    }

    [Test]
    public async Task A_run_still_going_on_this_machine_keeps_its_objects()
    {
        await LeaveWhatAKilledRunLeavesAsync();
        using (await RunLock.AcquireAsync(RunId, new RecordingObserver(), CancellationToken.None))
        {
            var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId);
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);
            Assert.That(stdout, Does.Contain($"run {RunId} is still going on this machine: its objects are left alone"));
            Assert.That(await DockerCli.ObjectsLabelledAsync("io.taskrunner.run", RunId), Has.Count.EqualTo(3));
        }
        // Once that run has ended, its objects are fair game.
        var (after, afterOut, afterErr) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId);
        Assert.That(after, Is.EqualTo(0), afterOut + afterErr);
        Assert.That(await DockerCli.ObjectsLabelledAsync("io.taskrunner.run", RunId), Is.Empty);
    }

    [Test]
    public async Task Clean_without_an_id_lists_every_run_and_leaves_unlabelled_objects_alone()
    {
        await LeaveWhatAKilledRunLeavesAsync();
        var unlabelled = $"taskrunner-{RunId}-not-a-run";
        await DockerCli.CheckedAsync("volume", "create", unlabelled);
        try
        {
            var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(Source, null, "clean", "--dry-run");
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);
            Assert.That(stdout, Does.Contain($"run {RunId}: "));
            Assert.That(stdout, Does.Not.Contain(unlabelled));
        }
        finally
        {
            await DockerCli.RunAsync("volume", "rm", unlabelled);
            await TaskRunnerProcess.RunAsync(Source, null, "clean", "--id", RunId);
        }
    }

    [Test]
    public async Task An_engine_that_does_not_answer_fails_naming_it()
    {
        var port = Shell.FreeLoopbackPort();
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(Source, null, new Dictionary<string, string> { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{port}" }, "clean");
        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"127.0.0.1:{port}"));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }
}
