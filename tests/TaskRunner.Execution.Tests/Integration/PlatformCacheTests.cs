using NUnit.Framework;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// One context built for two platforms with the classic builder, FROM a genuine two-platform base in the local
/// registry (Azure/acr#610): the engine keeps one image per tag, so without care the arm64 build resolves FROM to the
/// amd64 copy the first build pulled and reuses its cached layers, and the arm64 tag holds amd64 layers.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PlatformCacheTests : EngineTest
{
    /// <summary>
    /// One repository for these tests' bases, each under tags of its own run (the registry cannot delete a repository,
    /// only its manifests, so a repository per run would pile up empty ones).
    /// </summary>
    private static string Shared => $"{Repository.Registry}/taskrunner-it/platform-cache";

    /// <summary>
    /// taskrunner/busybox:amd64 and :arm64 (the arm64 one runs Debian's arm64 busybox through qemu) pushed under tags of
    /// the test's own, and an index of the two: a genuine two-platform base, in the registry only (none of its tags
    /// stays on the engine).
    /// </summary>
    private async Task<string> TwoPlatformBaseAsync()
    {
        var index = $"{Shared}:{RunId}-multi";
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var image = $"{Shared}:{RunId}-{arch}";
            DeleteFromRegistryAfterTest(image);
            await DockerCli.CheckedAsync("tag", $"taskrunner/busybox:{arch}", image);
            await DockerCli.CheckedAsync("push", "-q", image);
            await DockerCli.CheckedAsync("rmi", image);
        }
        DeleteFromRegistryAfterTest(index);
        await DockerCli.CheckedAsync("manifest", "create", "--insecure", index, $"{Shared}:{RunId}-amd64", $"{Shared}:{RunId}-arm64");
        await DockerCli.CheckedAsync("manifest", "push", "--insecure", "--purge", index);
        RemoveAfterTest(index);
        Assert.That(await Engine.InspectImageAsync(index, CancellationToken.None), Is.Null, "the base is only in the registry before the run");
        return index;
    }

    private async Task<string> ArchitectureOfAsync(string image) =>
        (await Engine.InspectImageAsync(image, CancellationToken.None))?.Architecture ?? "(missing)";

    [Test]
    public async Task The_same_context_built_for_amd64_then_arm64_then_amd64_gives_each_tag_its_own_platform()
    {
        var index = await TwoPlatformBaseAsync();
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {index}\nLABEL it.run={RunId}\nRUN echo \"RUN executed on $(uname -m)\"\n");
        var plan = Plans.Load($$"""
            steps:
              - id: amd64
                build: -t taskrunner-it/{{RunId}}:amd64 --platform linux/amd64 .
              - id: arm64
                build: -t taskrunner-it/{{RunId}}:arm64 --platform linux/arm64 .
              - id: amd64-again
                build: -t taskrunner-it/{{RunId}}:amd64-again --platform linux/amd64 .
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:arm64"), Is.EqualTo("arm64"), "the arm64 tag holds an arm64 image");
        Assert.That(Events.OutputOf("arm64"), Has.Some.EqualTo("RUN executed on aarch64"), "the arm64 build's RUN ran on arm64 (qemu), not from amd64's cache");
        Assert.That(Events.OutputOf("arm64"), Has.Some.Contains("is not for linux/arm64"), "the engine's amd64 copy was noticed and the base pulled for arm64");
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:amd64"), Is.EqualTo("amd64"));
        Assert.That(Events.OutputOf("amd64"), Has.Some.EqualTo("RUN executed on x86_64"));
        Assert.That(Events.OutputOf("amd64"), Has.None.Contains("is not for"), "the base was not on the engine: the builder pulled it for amd64, nothing was added");
        // Back to amd64 after the arm64 pull moved the tag: pulled again, and amd64's own cache is used.
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:amd64-again"), Is.EqualTo("amd64"));
        Assert.That((await Engine.InspectImageAsync($"taskrunner-it/{RunId}:amd64-again", CancellationToken.None))!.Id,
            Is.EqualTo((await Engine.InspectImageAsync($"taskrunner-it/{RunId}:amd64", CancellationToken.None))!.Id), "the amd64 layers were reused for amd64");
    }

    [Test]
    public async Task Parallel_builds_of_one_base_for_two_platforms_each_get_their_own()
    {
        var index = await TwoPlatformBaseAsync();
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {index}\nLABEL it.run={RunId}\nRUN echo \"RUN executed on $(uname -m)\"\n");
        var plan = Plans.Load($$"""
            steps:
              - id: amd64
                build: -t taskrunner-it/{{RunId}}:amd64 --platform linux/amd64 .
                when: ["-"]
              - id: arm64
                build: -t taskrunner-it/{{RunId}}:arm64 --platform linux/arm64 .
                when: ["-"]
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:amd64"), Is.EqualTo("amd64"));
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:arm64"), Is.EqualTo("arm64"));
        Assert.That(Events.OutputOf("amd64"), Has.Some.EqualTo("RUN executed on x86_64"));
        Assert.That(Events.OutputOf("arm64"), Has.Some.EqualTo("RUN executed on aarch64"));
    }

    [Test]
    public async Task A_build_whose_base_matches_the_engines_copy_adds_no_pull()
    {
        var index = await TwoPlatformBaseAsync();
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {index}\nLABEL it.run={RunId}\n");
        var plan = Plans.Load($$"""
            steps:
              - id: first
                build: -t taskrunner-it/{{RunId}}:one --platform linux/arm64 .
              - id: second
                build: -t taskrunner-it/{{RunId}}:two --platform linux/arm64 .
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("second"), Has.None.Contains("is not for").And.None.Contains("Pulling from"), "the engine's arm64 copy is used as it is");
        Assert.That(Events.OutputOf("second"), Has.Some.Contains("Using cache"));
        Assert.That(await ArchitectureOfAsync($"taskrunner-it/{RunId}:two"), Is.EqualTo("arm64"));
    }

    [Test]
    public async Task A_build_that_still_comes_out_for_another_platform_fails_with_the_step_the_platforms_and_the_base()
    {
        // A single-platform amd64 base: pulled "for arm64", the registry still serves amd64, and the image is amd64.
        var single = $"{Shared}:{RunId}-amd64-only";
        DeleteFromRegistryAfterTest(single);
        await DockerCli.CheckedAsync("tag", "taskrunner/busybox:amd64", single);
        await DockerCli.CheckedAsync("push", "-q", single);
        RemoveAfterTest(single);
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {single}\nLABEL it.run={RunId}\n");
        var plan = Plans.Load($$"""
            steps:
              - id: wrong
                build: -t taskrunner-it/{{RunId}}:arm64 --platform linux/arm64 .
              - id: after
                cmd: taskrunner-it/{{RunId}}:arm64 true
            """, RunId);

        var result = await RunAsync(plan, Options);
        RemoveAfterTest($"taskrunner-it/{RunId}:arm64");

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        var error = Step(result, "wrong").Error;
        Assert.That(error, Does.StartWith("acr-task.yaml:3:").And.Contain("built for --platform linux/arm64 is linux/amd64").And.Contain($"base image {single}"));
        Assert.That(Step(result, "after").Status, Is.EqualTo(StepStatus.Skipped));
        Assert.That(result.ImagesBuilt, Is.Empty, "the wrong image is not reported as built");
        Assert.That(error, Does.Contain($"its tag taskrunner-it/{RunId}:arm64 was removed"));
        var (inspect, _) = await DockerCli.RunAsync("image", "inspect", $"taskrunner-it/{RunId}:arm64");
        Assert.That(inspect, Is.Not.EqualTo(0), "the wrong image no longer holds the platform's tag");
    }
}
