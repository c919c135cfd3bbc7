using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>What a build step records for acb's dependency report.</summary>
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
}
