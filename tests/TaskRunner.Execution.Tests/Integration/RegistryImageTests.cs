using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// Images moving between the engine and the local registry (tests/infra/services.sh): a cmd step's missing image
/// pulled, build --pull preferring the registry's base over the engine's copy, and a push of an untagged name.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RegistryImageTests : EngineTest
{
    /// <summary>One repository for the images these tests put in the registry, each under a tag of its own test.</summary>
    private static string Shared => $"{Repository.Registry}/taskrunner-it/registry-images";

    /// <summary>Puts an image with /marker.txt in the registry only (removed from the engine); the test removes it after.</summary>
    private async Task PushOnlyToRegistryAsync(string image, string marker)
    {
        DeleteFromRegistryAfterTest(image);
        await DockerCli.PushMarkedImageAsync(image, marker);
    }

    [Test]
    public async Task A_cmd_steps_image_missing_on_the_engine_is_pulled_from_the_registry_and_run()
    {
        var image = $"{Shared}:missing-{RunId}";
        await PushOnlyToRegistryAsync(image, $"pulled-{RunId}");
        RemoveAfterTest(image);
        Assert.That(await Engine.InspectImageAsync(image, CancellationToken.None), Is.Null, "the engine does not have the image before the run");
        var plan = Plans.Load($$"""
            steps:
              - id: pulled
                cmd: {{image}} cat /marker.txt
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("pulled"), Has.Some.EqualTo($"Pulling {image}"));
        Assert.That(Events.OutputOf("pulled").Last(), Is.EqualTo($"pulled-{RunId}"), "the registry's image ran");
        Assert.That(await Engine.InspectImageAsync(image, CancellationToken.None), Is.Not.Null, "the pulled image stays on the engine");
    }

    [Test]
    public async Task Build_pull_takes_the_base_image_from_the_registry_instead_of_the_engines_different_copy()
    {
        var baseImage = $"{Shared}:pull-base-{RunId}";
        await PushOnlyToRegistryAsync(baseImage, "from-the-registry");
        RemoveAfterTest(await DockerCli.MakeMarkedImageAsync(baseImage, "the-engines-copy"));
        RemoveAfterTest(baseImage);
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM {baseImage}\nLABEL it.run={RunId}\n");
        // The build without --pull goes first, so it meets the engine's copy before the other replaces the tag.
        var plan = Plans.Load($$"""
            steps:
              - id: without-pull
                build: -t taskrunner-it/{{RunId}}:no-pull .
              - id: with-pull
                build: -t taskrunner-it/{{RunId}}:pulled --pull .
              - id: show-without-pull
                cmd: taskrunner-it/{{RunId}}:no-pull cat /marker.txt
              - id: show-with-pull
                cmd: taskrunner-it/{{RunId}}:pulled cat /marker.txt
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("show-without-pull"), Is.EqualTo(new[] { "the-engines-copy" }), "without --pull the engine's copy is used");
        Assert.That(Events.OutputOf("show-with-pull"), Is.EqualTo(new[] { "from-the-registry" }), "with --pull the registry's version is used");
    }

    [Test]
    public async Task A_push_of_an_untagged_name_pushes_latest()
    {
        var repository = $"taskrunner-it/untagged-{RunId}";
        var name = $"{Repository.Registry}/{repository}";
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM busybox\nLABEL it.run={RunId}\n");
        var plan = Plans.Load($$"""
            steps:
              - id: build
                build: -t {{name}} -t {{name}}:not-pushed .
              - id: push
                push: ["{{name}}"]
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var pushed = result.ImagesPushed.Single();
        Assert.That(pushed.Image, Is.EqualTo(name), "the name is reported as written");
        using var registry = new RegistryApi(Repository.Registry);
        Assert.That(await registry.TagsAsync(repository), Is.EqualTo(new[] { "latest" }), "latest only, not every tag the engine has for the name");
        Assert.That(await registry.DigestAsync(repository, "latest"), Is.EqualTo(pushed.Digest).And.Not.Null, "latest is the image the run pushed");
    }
}
