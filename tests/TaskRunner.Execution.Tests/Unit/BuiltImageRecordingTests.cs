using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>What a build step records for acb's dependency report, and the repo digest acb picks for a base image.</summary>
[TestFixture]
public sealed class BuiltImageRecordingTests
{
    private string _source = null!;

    [SetUp]
    public void SetUp()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-built-").FullName;
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_source, true);

    [Test]
    public async Task A_build_step_with_cache_enabled_is_marked_so_the_report_leaves_it_out_and_scratch_is_recorded()
    {
        var plan = Plans.Load("""
            steps:
              - id: cached
                build: -t cached:1 .
                cache: enabled
              - id: plain
                build: -t plain:1 .
            """, "built1");
        var asked = new List<string>();
        var options = new RunOptions
        {
            SourceDirectory = _source,
            MountDockerSocket = false,
        };
        var result = await new RunExecutor(TestPorts.For(new FakeContainerEngine(), new TestPorts.Credentials((registry, _) => { lock (asked) asked.Add(registry); return Task.FromResult<TaskRunner.Execution.Ports.RegistryAuth?>(null); })), new TaskRunner.Execution.Events.RecordingObserver()).ExecuteAsync(plan, options, CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => s.Error)));
        Assert.That(result.ImagesBuilt.ToDictionary(i => i.StepId, i => i.BuildCache), Is.EqualTo(new Dictionary<string, bool> { ["cached"] = true, ["plain"] = false }));
        Assert.That(result.ImagesBuilt.Select(i => i.RuntimeDependency), Is.All.EqualTo("scratch"));
        Assert.That(asked, Is.Empty, "scratch needs no credentials");
    }

    [TestCase("node:20", "sha256:n")]
    [TestCase("library/node", "sha256:n")]
    [TestCase("myorg/app:1", "sha256:m")]
    [TestCase("localhost:5000/x:1", "sha256:l")]
    [TestCase("mirror.example.com/node:20", "sha256:e")]
    [TestCase("docker.io/library/node:20", "")]
    public void The_repo_digest_is_the_one_named_like_the_reference(string reference, string digest)
    {
        string[] repoDigests = ["mirror.example.com/node@sha256:e", "node@sha256:n", "myorg/app@sha256:m", "localhost:5000/x@sha256:l"];
        Assert.That(AcbImageReference.Parse(AcbImageReference.NormaliseTag(reference)).RepoDigest(repoDigests), Is.EqualTo(digest));
    }
}
