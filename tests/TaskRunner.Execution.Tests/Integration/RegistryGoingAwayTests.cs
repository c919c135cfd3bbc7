using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// A real distribution registry, started by the test, killed in the middle of a push (the engine's) or of a
/// <c>docker manifest</c> step (the in-process client), and one that refuses connections from the start: bounded
/// retries, then a failure that names the registry; nothing that did not complete is reported as pushed.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed partial class RegistryGoingAwayTests : EngineTest
{
    private DoomedRegistry _registry = null!;

    [SetUp]
    public async Task StartRegistryAsync() => _registry = await DoomedRegistry.StartAsync();

    [TearDown]
    public Task StopRegistryAsync() => _registry.DisposeAsync().AsTask();

    private RunPorts WithManifests() =>
        TestPorts.For(Engine, manifests: new RegistryManifestTool(new StaticCredentialStore(new Dictionary<string, RegistryCredential>())));

    private string Output(string stepId) =>
        string.Join("\n", Events.Events.OfType<StepOutput>().Where(o => o.StepId == stepId).Select(o => o.Text));

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}$", RegexOptions.Multiline)]
    private static partial Regex DigestLine();

    /// <summary>Pushes the local platform image taskrunner/busybox:ARCH to the registry as going/img:ARCH with the docker CLI.</summary>
    private async Task SeedPlatformImagesAsync()
    {
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var image = $"{_registry.Address}/going/img:{arch}";
            await DockerCli.CheckedAsync("tag", $"taskrunner/busybox:{arch}", image);
            try { await DockerCli.CheckedAsync("push", image); }
            finally { await DockerCli.RunAsync("rmi", image); }
        }
    }

    [Test]
    public async Task A_registry_killed_mid_push_fails_the_push_step_naming_the_registry_and_nothing_is_reported_pushed()
    {
        var image = $"{_registry.Address}/going/big:{RunId}";
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM busybox\nLABEL run={RunId}\nRUN head -c 8000000 /dev/urandom > /big\n");
        var plan = Plans.Load($$"""
            steps:
              - build: -t {{image}} -f Dockerfile .
              - push: ["{{image}}"]
            """, RunId);
        // The engine has checked which blobs the registry has and opens its first upload: the registry dies then.
        _registry.KillWhen("POST /v2/going/big/blobs/uploads/");

        var result = await RunAsync(plan, Options);

        Assert.That(_registry.Killed.IsCompleted, Is.True, "the registry was killed mid-push");
        var push = result.Steps[1];
        Assert.That(push.Status, Is.EqualTo(StepStatus.Failed), Errors(result));
        Assert.That(push.Error, Does.Contain($"failed after 3 attempts: cannot push {image} to the registry {_registry.Address}:")
            .And.Contain("connection refused"));
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.ImagesPushed, Is.Empty);
        Assert.That(Events.Events.OfType<ImagePushed>(), Is.Empty);
    }

    [Test]
    public async Task A_registry_killed_mid_manifest_push_fails_the_step_naming_the_registry_and_no_digest_is_reported()
    {
        await SeedPlatformImagesAsync();
        var list = $"{_registry.Address}/going/multi:{RunId}";
        var plan = Plans.Load($$"""
            steps:
              - cmd: docker manifest create {{list}} {{_registry.Address}}/going/img:amd64 {{_registry.Address}}/going/img:arm64
              - cmd: docker manifest push {{list}}
            """, RunId);
        // The list's images are copied into its repository first: the registry dies at the first manifest written there.
        _registry.KillWhen("PUT /v2/going/multi/manifests/");
        var watch = Stopwatch.StartNew();

        var result = await RunAsync(plan, Options, WithManifests());

        Assert.That(_registry.Killed.IsCompleted, Is.True, "the registry was killed mid-push");
        Assert.That(result.Steps[0].Status, Is.EqualTo(StepStatus.Succeeded), Errors(result));
        var push = result.Steps[1];
        Assert.That(push.Status, Is.EqualTo(StepStatus.Failed), Errors(result));
        var output = Output(push.StepId);
        Assert.That(output, Does.Contain($"cannot reach the registry {_registry.Address} at http://{_registry.Address}/: Connection refused"));
        Assert.That(DigestLine().IsMatch(output), Is.False, "no digest of a list that was not pushed: " + output);
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(result.ImagesPushed, Is.Empty);
        Assert.That(Events.Events.OfType<ImagePushed>(), Is.Empty);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "the retries are bounded (seconds, not minutes)");
    }

    [Test]
    public async Task A_registry_killed_mid_manifest_create_fails_the_step_naming_the_registry()
    {
        await SeedPlatformImagesAsync();
        var list = $"{_registry.Address}/going/multi:{RunId}";
        var plan = Plans.Load($$"""
            steps:
              - cmd: docker manifest create {{list}} {{_registry.Address}}/going/img:amd64 {{_registry.Address}}/going/img:arm64
              - cmd: docker manifest push {{list}}
            """, RunId);
        _registry.KillWhen("/v2/going/img/manifests/arm64");

        var result = await RunAsync(plan, Options, WithManifests());

        Assert.That(_registry.Killed.IsCompleted, Is.True);
        var create = result.Steps[0];
        Assert.That(create.Status, Is.EqualTo(StepStatus.Failed), Errors(result));
        var output = Output(create.StepId);
        Assert.That(output, Does.Contain($"cannot reach the registry {_registry.Address} at http://{_registry.Address}/"));
        Assert.That(output, Does.Not.Contain("Created manifest list").And.Not.Contain("   at "));
        Assert.That(result.Steps[1].Status, Is.Not.EqualTo(StepStatus.Succeeded));
    }

    [Test]
    public async Task A_registry_that_refuses_connections_from_the_start_fails_the_run_with_exit_1_naming_it()
    {
        var refused = DoomedRegistry.RefusingAddress();
        var image = $"{refused}/going/app:{RunId}";
        await DockerCli.CheckedAsync("tag", "busybox:latest", image);
        RemoveAfterTest(image);
        var directory = WithTask($$"""
            steps:
              - id: push
                push: ["{{image}}"]
                ignoreErrors: true
              - id: inspect
                cmd: docker manifest inspect {{refused}}/going/app:{{RunId}}
                when: ["-"]
            """);
        // The push's failure must not cancel the inspect (they run side by side): both are to fail on their own.

        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, "run", "--id", RunId, directory);

        var all = stdout + stderr;
        Assert.That(exit, Is.EqualTo(1), all);
        Assert.That(all, Does.Contain($"cannot push {image} to the registry {refused}:").And.Contain("connection refused"));
        Assert.That(all, Does.Contain($"cannot reach the registry {refused} at http://{refused}/: Connection refused"));
        Assert.That(all, Does.Not.Contain("Successfully pushed").And.Not.Contain("   at "));
    }
}
