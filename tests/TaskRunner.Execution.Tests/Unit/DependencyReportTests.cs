using System.Text.Json.Nodes;
using NUnit.Framework;
using TaskRunner.Execution.Running;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class DependencyReportTests
{
    [Test]
    public void Lists_each_tagged_image_with_its_push_digest_and_base_images()
    {
        var digest = "sha256:" + new string('b', 64);
        var result = new RunResult
        {
            RunId = "r1",
            Status = RunStatus.Succeeded,
            Duration = TimeSpan.FromSeconds(1),
            Steps = [],
            ImagesBuilt = [new BuiltImage("build", "sha256:1", ["myregistry.azurecr.io/hello-world:cf19"], "node:15-alpine", ["golang:1.22"])],
            ImagesPushed = [new PushedImage("push", "myregistry.azurecr.io/hello-world:cf19", digest)],
            BaseImageDigests = new Dictionary<string, string> { ["node:15-alpine"] = "sha256:" + new string('c', 64) },
            Commit = "1a3065388a0238e52865db1c8f3e97492a43444c",
        };
        var text = DependencyReport.Render(result);
        Assert.That(text, Does.StartWith("The following dependencies were found:"));
        var entry = JsonNode.Parse(text[(text.IndexOf('\n') + 1)..])!.AsArray().Single()!;
        Assert.That(entry["image"]!["registry"]!.GetValue<string>(), Is.EqualTo("myregistry.azurecr.io"));
        Assert.That(entry["image"]!["repository"]!.GetValue<string>(), Is.EqualTo("hello-world"));
        Assert.That(entry["image"]!["tag"]!.GetValue<string>(), Is.EqualTo("cf19"));
        Assert.That(entry["image"]!["digest"]!.GetValue<string>(), Is.EqualTo(digest));
        Assert.That(entry["runtime-dependency"]!["registry"]!.GetValue<string>(), Is.EqualTo("registry.hub.docker.com"));
        Assert.That(entry["runtime-dependency"]!["repository"]!.GetValue<string>(), Is.EqualTo("library/node"));
        Assert.That(entry["runtime-dependency"]!["digest"]!.GetValue<string>(), Does.StartWith("sha256:c"));
        Assert.That(entry["buildtime-dependency"]!.AsArray().Single()!["repository"]!.GetValue<string>(), Is.EqualTo("library/golang"));
        Assert.That(entry["git"]!["git-head-revision"]!.GetValue<string>(), Is.EqualTo(result.Commit));
    }
}
