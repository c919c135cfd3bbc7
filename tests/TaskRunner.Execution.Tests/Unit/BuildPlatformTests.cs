using NUnit.Framework;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Steps.Build;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>What a classic build with --platform compares (its platform, which FROMs it selects) and how builds of one base for different platforms are kept apart.</summary>
public class BuildPlatformTests
{
    [TestCase("linux/arm64", "linux", "arm64", true)]
    [TestCase("linux/arm64/v8", "linux", "aarch64", true)]
    [TestCase("arm64", "linux", "arm64", true)]
    [TestCase("LINUX/AMD64", "linux", "x86_64", true)]
    [TestCase("linux/arm64", "linux", "amd64", false)]
    [TestCase("linux/amd64", "windows", "amd64", false)]
    [TestCase("linux/arm64", "linux", "", true)]
    public void A_platform_matches_the_engines_spelling_of_an_image(string platform, string os, string architecture, bool matches)
    {
        Assert.That(EnginePlatform.TryParse(platform)!.Matches(os, architecture), Is.EqualTo(matches));
    }

    [TestCase("linux/arm/v7", "linux", "arm", "v7", true)]
    [TestCase("linux/arm/v7", "linux", "arm", "v6", false)]
    [TestCase("linux/arm", "linux", "arm", "v7", true)]
    [TestCase("linux/arm/v6", "linux", "arm", "", true)]
    [TestCase("linux/arm64", "linux", "arm64", "v8", true)]
    [TestCase("linux/arm64/v8", "linux", "aarch64", "", true)]
    [TestCase("linux/armhf", "linux", "arm", "v6", false)]
    public void The_variant_is_compared_where_the_engine_records_one(string platform, string os, string architecture, string variant, bool matches)
    {
        Assert.That(EnginePlatform.TryParse(platform)!.Matches(os, architecture, variant), Is.EqualTo(matches));
    }

    [TestCase("")]
    [TestCase("linux/")]
    [TestCase("a/b/c/d")]
    public void Nothing_is_compared_for_a_platform_that_does_not_parse(string platform)
    {
        Assert.That(EnginePlatform.TryParse(platform), Is.Null);
    }

    [Test]
    public void A_stage_with_its_own_from_platform_is_not_for_the_builds_platform()
    {
        var bases = DockerfileBaseImages.Read("FROM --platform=$BUILDPLATFORM golang:1 AS build\nFROM alpine:3 AS run\nCOPY --from=build /x /x\n", new Dictionary<string, string>());
        Assert.That(bases.ForBuildPlatform, Is.EqualTo(new[] { "alpine:3" }));
        Assert.That(bases.RuntimeForBuildPlatform, Is.True);
        var pinned = DockerfileBaseImages.Read("FROM --platform=linux/amd64 busybox AS base\nFROM base\n", new Dictionary<string, string>());
        Assert.That((pinned.Runtime, pinned.RuntimeForBuildPlatform, pinned.ForBuildPlatform.Count), Is.EqualTo(("busybox", false, 0)));
    }

    [Test]
    public async Task Builds_of_one_base_share_it_for_one_platform_and_wait_for_another()
    {
        var base1 = "taskrunner-unit/" + Guid.NewGuid().ToString("N");
        var amd64 = await PlatformBaseLocks.AcquireAsync([base1], "linux/amd64", CancellationToken.None);
        var amd64Too = PlatformBaseLocks.AcquireAsync([base1], "linux/amd64", CancellationToken.None);
        Assert.That(amd64Too.IsCompletedSuccessfully, Is.True, "a second build for the same platform does not wait");
        var arm64 = PlatformBaseLocks.AcquireAsync([base1, "taskrunner-unit/other-" + base1], "linux/arm64", CancellationToken.None);
        Assert.That(arm64.IsCompleted, Is.False, "a build for another platform waits");
        await amd64.DisposeAsync();
        Assert.That(arm64.IsCompleted, Is.False, "it waits for every build of the other platform");
        await (await amd64Too).DisposeAsync();
        await using (await arm64) { }
        var again = PlatformBaseLocks.AcquireAsync([base1], "linux/amd64", CancellationToken.None);
        Assert.That(again.IsCompletedSuccessfully, Is.True, "released after the arm64 build");
        await (await again).DisposeAsync();
    }

    [Test]
    public async Task A_cancelled_wait_gives_nothing_back_and_holds_nothing()
    {
        var base1 = "taskrunner-unit/" + Guid.NewGuid().ToString("N");
        var first = "taskrunner-unit/-" + base1; // sorts before base1, so it is held while the build waits for base1
        var amd64 = await PlatformBaseLocks.AcquireAsync([base1], "linux/amd64", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var arm64 = PlatformBaseLocks.AcquireAsync([first, base1], "linux/arm64", cancel.Token);
        cancel.Cancel();
        Assert.That(async () => await arm64, Throws.InstanceOf<OperationCanceledException>());
        // The base it held before waiting was released: another platform gets it at once.
        var other = PlatformBaseLocks.AcquireAsync([first], "linux/s390x", CancellationToken.None);
        Assert.That(other.IsCompletedSuccessfully, Is.True);
        await (await other).DisposeAsync();
        await amd64.DisposeAsync();
    }
}
