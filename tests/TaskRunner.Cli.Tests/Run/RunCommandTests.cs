using System.Text.Json;
using NUnit.Framework;

namespace TaskRunner.Cli.Tests.Run;

/// <summary>`taskrunner run` as a process: exit codes, output, the exec alias, secret masking and Ctrl+C.</summary>
[TestFixture]
[Category("Integration")]
public sealed class RunCommandTests : CliRunTest
{
    [Test]
    public async Task A_successful_run_prints_step_lines_and_the_summary_and_exits_0()
    {
        var sample = Repository.Sample("run-workspace-files");
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(sample, null, "run", "-f", "acr-task.yaml", "--id", RunId, ".");

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[consume] written by produce"));
        Assert.That(stdout, Does.Contain("[produce] succeeded in"));
        Assert.That(stdout, Does.Contain($"Run {RunId}: succeeded after"));
    }

    [Test]
    public async Task The_summary_lists_the_images_built_and_pushed_with_digests_then_acbs_dependency_report()
    {
        const string repository = "taskrunner-it/run-report";
        var buildBase = $"{Repository.Registry}/{repository}:build-base-{RunId}";
        var runBase = $"{Repository.Registry}/{repository}:run-base-{RunId}";
        var image = $"{Repository.Registry}/{repository}:app-{RunId}";
        // Both bases only in the registry: the build pulls them, so the engine knows their digests.
        foreach (var baseImage in new[] { buildBase, runBase })
        {
            DeleteFromRegistryAfterTest(baseImage);
            RemoveAfterTest(baseImage);
            await DockerCli.PushMarkedImageAsync(baseImage, baseImage);
        }
        DeleteFromRegistryAfterTest(image);
        RemoveAfterTest(image);
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {buildBase} AS builder\nFROM {runBase}\nCOPY --from=builder /marker.txt /from-builder.txt\n");
        File.WriteAllText(Path.Combine(Source, "acr-task.yaml"), $$$"""
            steps:
              - id: build
                build: -t {{.Run.Registry}}/{{{repository}}}:app-{{.Run.ID}} .
              - id: push
                push: ["{{.Run.Registry}}/{{{repository}}}:app-{{.Run.ID}}"]
            """);

        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(Source, null, "run", "--id", RunId, "-r", Repository.Registry);

        Assert.That(exit, Is.Zero, stdout + stderr);
        var imageId = (await DockerCli.CheckedAsync("image", "inspect", "--format", "{{.Id}}", image)).Trim();
        using var registry = new RegistryApi(Repository.Registry);
        var pushed = await registry.DigestAsync(repository, $"app-{RunId}");
        Assert.That(pushed, Does.Match("^sha256:[0-9a-f]{64}$"), "the run pushed the image");
        var summary = $"Images built:\n  {image}  {imageId}  (step build)\nImages pushed:\n  {image}@{pushed}  (step push)\n{DependencyHeading}\n\n";
        Assert.That(stdout, Does.Contain(summary));
        var json = stdout[(stdout.IndexOf(summary, StringComparison.Ordinal) + summary.Length)..].Split('\n')[0];

        using var report = JsonDocument.Parse(json);
        var entry = report.RootElement.EnumerateArray().Single();
        Assert.That(entry.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "image", "runtime-dependency", "buildtime-dependency", "git" }));
        AssertAcbReference(entry.GetProperty("image"), image, repository, $"app-{RunId}", pushed!);
        AssertAcbReference(entry.GetProperty("runtime-dependency"), runBase, repository, $"run-base-{RunId}", (await registry.DigestAsync(repository, $"run-base-{RunId}"))!);
        AssertAcbReference(entry.GetProperty("buildtime-dependency").EnumerateArray().Single(), buildBase, repository, $"build-base-{RunId}", (await registry.DigestAsync(repository, $"build-base-{RunId}"))!);
        Assert.That(entry.GetProperty("git").GetRawText(), Is.EqualTo("{\"git-head-revision\":\"\"}"));
    }

    private const string DependencyHeading = "The following dependencies were found:";

    /// <summary>One image reference of acb's dependency report: its fields in acb's order, with the registry's digest.</summary>
    private static void AssertAcbReference(JsonElement reference, string text, string repository, string tag, string digest)
    {
        Assert.That(reference.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "registry", "repository", "tag", "digest", "reference" }));
        Assert.That(reference.GetProperty("registry").GetString(), Is.EqualTo(Repository.Registry));
        Assert.That(reference.GetProperty("repository").GetString(), Is.EqualTo(repository));
        Assert.That(reference.GetProperty("tag").GetString(), Is.EqualTo(tag));
        Assert.That(reference.GetProperty("digest").GetString(), Is.EqualTo(digest).And.Match("^sha256:[0-9a-f]{64}$"));
        Assert.That(reference.GetProperty("reference").GetString(), Is.EqualTo(text));
    }

    [Test]
    public async Task A_failing_run_exits_1_with_the_failure_in_the_summary()
    {
        var sample = Repository.Sample("run-failing-step");
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(sample, null, "exec", "-f", "acr-task.yaml", "--id", RunId);

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain("[broken] about to fail"));
        Assert.That(stdout, Does.Match(@"broken\s+failed\s+[0-9.]+ s\s+exit code 3"));
        Assert.That(stdout, Does.Match(@"never\s+skipped"));
    }

    [Test]
    public async Task Secrets_given_on_the_command_line_are_masked_in_step_output()
    {
        var directory = WithTask("""
            steps:
              - id: leak
                cmd: busybox echo "the token is {{.Secrets.token}}"
            """);
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--secret", "token=s3cr3t-value", "--id", RunId);

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[leak] the token is ***"));
        Assert.That(stdout + stderr, Does.Not.Contain("s3cr3t-value"));
    }

    [Test]
    public async Task Usage_mistakes_exit_2()
    {
        var sample = Repository.Sample("run-workspace-files");
        var (exit, _, stderr) = await TaskRunnerProcess.RunAsync(sample, null, "run", "-f", "acr-task.yaml", "--image-alias", "no-equals-sign");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--image-alias needs NAME=IMAGE"));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace for a user error");

        var (exit2, _, stderr2) = await TaskRunnerProcess.RunAsync(sample, null, "run", "-f", "acr-task.yaml", "no-such-directory");
        Assert.That(exit2, Is.EqualTo(2));
        Assert.That(stderr2, Does.Contain("source directory 'no-such-directory' does not exist"));
    }

    [Test]
    public async Task Image_alias_replaces_an_image_and_dry_run_touches_nothing()
    {
        var directory = WithTask("""
            version: v1.1.0
            steps:
              - id: aliased
                cmd: bash echo mapped to busybox
            """);
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--image-alias", "mcr.microsoft.com/acr/bash:2ff604c=busybox", "--image-alias", "bash=busybox", "--id", RunId);
        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[aliased] mapped to busybox"));

        var (dryExit, dryOut, _) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--dry-run", "--id", RunId + "dry");
        Assert.That(dryExit, Is.Zero);
        Assert.That(dryOut, Does.Contain($"would create container taskrunner-{RunId}dry-aliased"));
        Assert.That(await DockerCli.ObjectsNamedAsync(RunId + "dry"), Is.Empty);
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task Ctrl_c_or_sigterm_stops_the_run_removes_everything_and_exits_130(string signal)
    {
        var directory = WithTask("""
            steps:
              - id: server
                cmd: busybox sleep 120
                detach: true
              - id: waiting
                cmd: busybox sleep 120
            """);
        // Started as a background job, SIGINT arrives ignored: the run must take it back (Go programs such as the docker
        // CLI do), or `kill -INT` of a backgrounded run would do nothing.
        using var process = signal == "INT"
            ? TaskRunnerProcess.StartAsBackgroundJob(directory, "run", "--id", RunId)
            : TaskRunnerProcess.Start(directory, null, "run", "--id", RunId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!process.Stdout.Contains("[waiting] start") && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(1000);
        await process.InterruptAsync(signal);
        var exit = await process.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(exit, Is.EqualTo(130), process.Stdout + process.Stderr);
        Assert.That(process.Stdout, Does.Contain("[waiting] cancelled"));
        Assert.That(process.Stderr, Does.Contain("interrupted"));
        Assert.That(await DockerCli.ObjectsNamedAsync(RunId), Is.Empty);
    }
    [Test]
    public async Task A_second_interrupt_during_the_clean_up_exits_at_once_and_prints_commands_that_remove_the_rest()
    {
        // Eight containers and a network to remove: the clean-up the second signal cuts short takes a while.
        var directory = WithTask("""
            steps:
              - id: server
                cmd: busybox sleep 120
                detach: true
              - {id: a, cmd: busybox sleep 120, when: ["server"]}
              - {id: b, cmd: busybox sleep 120, when: ["server"]}
              - {id: c, cmd: busybox sleep 120, when: ["server"]}
              - {id: d, cmd: busybox sleep 120, when: ["server"]}
              - {id: e, cmd: busybox sleep 120, when: ["server"]}
              - {id: f, cmd: busybox sleep 120, when: ["server"]}
              - {id: g, cmd: busybox sleep 120, when: ["server"]}
            """);
        using var process = TaskRunnerProcess.StartAsBackgroundJob(directory, "run", "--progress", "plain", "--id", RunId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!"abcdefg".All(id => process.Stdout.Contains($"[{id}] start")) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await process.InterruptAsync();
        while (!process.Stderr.Contains("interrupted;") && DateTime.UtcNow < deadline) await Task.Delay(10);
        await process.InterruptAsync();
        var exit = await process.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exit, Is.EqualTo(130), process.Stdout + process.Stderr);
        Assert.That(process.Stderr, Does.Contain("interrupted again; exiting without finishing the clean-up"));
        Assert.That(process.Stdout, Does.Not.Contain("removed the run's containers"), "the clean-up was cut short");
        // The printed commands remove what is left (the TearDown then checks that nothing is).
        var commands = process.Stderr.Split('\n').Single(l => l.TrimStart().StartsWith("docker ps -aq", StringComparison.Ordinal));
        Assert.That(commands, Does.Contain($"'label=io.taskrunner.run={RunId}'"));
        // The engine may still be finishing a removal the run asked for; a user would run them again, and so does this.
        for (var attempt = 0; attempt < 5 && (await DockerCli.ObjectsNamedAsync(RunId)).Count > 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(1000);
            using var shell = System.Diagnostics.Process.Start("sh", ["-c", commands])!;
            await shell.WaitForExitAsync();
        }
    }

    [Test]
    public async Task The_whole_run_timeout_stops_the_run_and_removes_everything()
    {
        var directory = WithTask("steps:\n  - id: long\n    cmd: busybox sleep 60\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--id", RunId, "--timeout", "3");

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)));
        Assert.That(stdout + stderr, Does.Contain("timed out").IgnoreCase);
        Assert.That(await DockerCli.ObjectsNamedAsync(RunId), Is.Empty);
    }

    [Test]
    public async Task Keep_leaves_the_containers_volumes_and_network_for_debugging()
    {
        var directory = Source;
        try
        {
            File.WriteAllText(Path.Combine(directory, "acr-task.yaml"), "steps:\n  - id: kept\n    cmd: busybox true\n");
            var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--id", RunId, "--keep");

            Assert.That(exit, Is.Zero, stdout + stderr);
            var left = await DockerCli.ObjectsNamedAsync(RunId);
            Assert.That(left, Has.Some.Contains("-kept"), "the step's container");
            Assert.That(left, Has.Some.Contains("volume-workspace"), "the workspace volume");
            Assert.That(left, Has.Some.EndsWith("-network"), "the run's network");
        }
        finally
        {
            var (_, containers) = await DockerCli.RunAsync("ps", "-aq", "--filter", "name=" + RunId);
            foreach (var id in containers.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await DockerCli.RunAsync("rm", "-f", id.Trim());
            var (_, volumes) = await DockerCli.RunAsync("volume", "ls", "-q", "--filter", "name=" + RunId);
            foreach (var name in volumes.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await DockerCli.RunAsync("volume", "rm", "-f", name.Trim());
            var (_, networks) = await DockerCli.RunAsync("network", "ls", "-q", "--filter", "name=" + RunId);
            foreach (var id in networks.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await DockerCli.RunAsync("network", "rm", id.Trim());
        }
    }

    [Test]
    public async Task Run_SharedVolume_names_the_workspace_volume_steps_can_mount_through_the_socket()
    {
        var directory = WithTask("""
            steps:
              - id: volume-name
                cmd: busybox echo "{{.Run.SharedVolume}}"
            """);
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--id", RunId);

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain($"[volume-name] taskrunner-{RunId}-volume-workspace"));
    }
}
