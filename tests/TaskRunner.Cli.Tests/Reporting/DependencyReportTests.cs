using NUnit.Framework;
using TaskRunner.Cli.Reporting;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Cli.Tests.Reporting;

[TestFixture]
public sealed class DependencyReportTests
{
    private static readonly string Digest = "sha256:" + new string('b', 64);
    private static readonly string BaseDigest = "sha256:" + new string('c', 64);

    private static RunResult Result(BuiltImage[] built, RunStatus status = RunStatus.Succeeded, PushedImage[]? pushed = null, string commit = "") => new()
    {
        RunId = "r1",
        Status = status,
        Duration = TimeSpan.FromSeconds(1),
        Steps = built.Select(b => b.StepId).Distinct().Select(id => new StepResult(id, StepKind.Build, StepStatus.Succeeded, TimeSpan.Zero, null)).ToList(),
        ImagesBuilt = built,
        ImagesPushed = pushed ?? [],
        BaseImageDigests = new Dictionary<string, string> { ["node:15-alpine"] = BaseDigest },
        Commit = commit,
    };

    private static string Json(RunResult result)
    {
        var text = DependencyReport.Render(result)!;
        const string lead = DependencyReport.Heading + "\n\n";
        Assert.That(text, Does.StartWith(lead));
        Assert.That(text[lead.Length..], Does.Not.Contain("\n"), "acb's JSON is on one line");
        return text[lead.Length..];
    }

    [Test]
    public void Is_acbs_json_marshal_output_byte_for_byte()
    {
        var result = Result([new BuiltImage("build", "sha256:1", ["myregistry.azurecr.io/hello-world:cf19"], "node:15-alpine", [], GitCommit: "1a3065388a0238e52865db1c8f3e97492a43444c")],
            pushed: [new PushedImage("push", "myregistry.azurecr.io/hello-world:cf19", Digest)]);
        Assert.That(DependencyReport.Render(result), Is.EqualTo(
            "The following dependencies were found:\n\n" +
            "[{\"image\":{\"registry\":\"myregistry.azurecr.io\",\"repository\":\"hello-world\",\"tag\":\"cf19\",\"digest\":\"" + Digest + "\",\"reference\":\"myregistry.azurecr.io/hello-world:cf19\"}," +
            "\"runtime-dependency\":{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/node\",\"tag\":\"15-alpine\",\"digest\":\"" + BaseDigest + "\",\"reference\":\"node:15-alpine\"}," +
            "\"buildtime-dependency\":null," +
            "\"git\":{\"git-head-revision\":\"1a3065388a0238e52865db1c8f3e97492a43444c\"}}]"));
    }

    [Test]
    public void Git_is_always_written_and_the_tag_is_omitted_when_a_reference_has_none()
    {
        // acb adds :latest only to a reference with no ':' at all, so a registry port leaves the image without a tag.
        var json = Json(Result([new BuiltImage("build", "sha256:1", ["127.0.0.1:5000/app"], "node@" + BaseDigest, [])]));
        Assert.That(json, Does.Contain("\"image\":{\"registry\":\"127.0.0.1:5000\",\"repository\":\"app\",\"digest\":\"\",\"reference\":\"127.0.0.1:5000/app\"}"));
        Assert.That(json, Does.Contain("\"runtime-dependency\":{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/node\",\"digest\":\"" + BaseDigest + "\",\"reference\":\"node@" + BaseDigest + "\"}"));
        Assert.That(json, Does.EndWith("\"git\":{\"git-head-revision\":\"\"}}]"));
    }

    [Test]
    public void The_git_head_revision_is_the_git_contexts_commit_never_the_runs_commit()
    {
        var json = Json(Result([new BuiltImage("local", "sha256:1", ["a:1"], "busybox", []), new BuiltImage("remote", "sha256:2", ["b:1"], "busybox", [], GitCommit: "abc123")],
            commit: "from-the-command-line"));
        Assert.That(json, Does.Not.Contain("from-the-command-line"));
        Assert.That(json, Does.Contain("\"reference\":\"a:1\"}").And.Contain("\"git\":{\"git-head-revision\":\"\"}},{"));
        Assert.That(json, Does.EndWith("\"git\":{\"git-head-revision\":\"abc123\"}}]"));
    }

    [Test]
    public void Scratch_is_reported_as_docker_hubs_library_scratch_latest_without_a_digest()
    {
        var json = Json(Result([new BuiltImage("build", "sha256:1", ["a.io/x:1"], "scratch", ["golang:1.22", "library/golang:1.22", "golang", "golang:latest"])]));
        Assert.That(json, Does.Contain("\"runtime-dependency\":{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/scratch\",\"tag\":\"latest\",\"digest\":\"\",\"reference\":\"scratch:latest\"}"));
        // Build-time bases once after :latest is added and library/ dropped, as acb dedupes them.
        Assert.That(json, Does.Contain("\"buildtime-dependency\":[" +
            "{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/golang\",\"tag\":\"1.22\",\"digest\":\"\",\"reference\":\"golang:1.22\"}," +
            "{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/golang\",\"tag\":\"latest\",\"digest\":\"\",\"reference\":\"golang:latest\"}]"));
    }

    [TestCase("localhost:5000/x:1", "registry.hub.docker.com", "localhost:5000/x")]
    [TestCase("localhost/x:1", "registry.hub.docker.com", "localhost/x")]
    [TestCase("myorg/app:1", "registry.hub.docker.com", "myorg/app")]
    [TestCase("library/node:1", "registry.hub.docker.com", "library/node")]
    [TestCase("my_org/app:1", "registry.hub.docker.com", "library/my_org/app")]
    [TestCase("docker.io/library/node:1", "docker.io", "library/node")]
    [TestCase("127.0.0.1:5000/rvb/dep:1", "127.0.0.1:5000", "rvb/dep")]
    public void Registries_are_split_as_acb_splits_them(string tag, string registry, string repository)
    {
        var json = Json(Result([new BuiltImage("build", "sha256:1", [tag], "busybox", [])]));
        Assert.That(json, Does.StartWith($"[{{\"image\":{{\"registry\":\"{registry}\",\"repository\":\"{repository}\",\"tag\":\"1\",\"digest\":\"\",\"reference\":\"{tag}\"}}"));
    }

    [Test]
    public void A_build_without_tags_has_an_entry_with_a_null_image()
    {
        var json = Json(Result([new BuiltImage("build", "sha256:1", [], "busybox", [])]));
        Assert.That(json, Does.StartWith("[{\"image\":null,\"runtime-dependency\":{\"registry\":\"registry.hub.docker.com\",\"repository\":\"library/busybox\",\"tag\":\"latest\""));
    }

    [Test]
    public void Each_tag_has_an_entry_and_steps_come_in_file_order()
    {
        var result = Result([new BuiltImage("second", "sha256:2", ["b:1"], "busybox", []), new BuiltImage("first", "sha256:1", ["a:1", "a:2"], "busybox", [])]);
        result = result with { Steps = [result.Steps[1], result.Steps[0]] };
        var json = Json(result);
        Assert.That(System.Text.RegularExpressions.Regex.Matches(json, "\"image\":\\{[^}]*\"reference\":\"([^\"]+)\"").Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "a:1", "a:2", "b:1" }));
    }

    [Test]
    public void Nothing_is_printed_after_a_failed_run() =>
        Assert.That(DependencyReport.Render(Result([new BuiltImage("build", "sha256:1", ["a:1"], "busybox", [])], RunStatus.Failed)), Is.Null);

    [Test]
    public void Build_steps_with_cache_enabled_are_left_out()
    {
        Assert.That(DependencyReport.Render(Result([new BuiltImage("build", "sha256:1", ["a:1"], "busybox", [], BuildCache: true)])), Is.Null);
        var json = Json(Result([new BuiltImage("cached", "sha256:1", ["a:1"], "busybox", [], BuildCache: true), new BuiltImage("plain", "sha256:2", ["b:1"], "busybox", [])]));
        Assert.That(json, Does.Not.Contain("\"a:1\"").And.Contain("\"b:1\""));
    }

    [Test]
    public void Strings_are_escaped_as_gos_json_marshal_escapes_them()
    {
        var json = Json(Result([new BuiltImage("build", "sha256:1", ["a:1"], "busybox", [], GitCommit: "<a&b>\"\\\u0001\u2028é")]));
        Assert.That(json, Does.Contain("\"git-head-revision\":\"\\u003ca\\u0026b\\u003e\\\"\\\\\\u0001\\u2028é\""));
    }

    [Test]
    public void The_json_run_report_gets_the_same_entries() =>
        Assert.That(DependencyReport.Build(Result([new BuiltImage("build", "sha256:1", [], "busybox", [])])).Single()!["image"], Is.Null);
}
