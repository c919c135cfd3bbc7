using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Base of the unit tests that run a task on a scripted engine (<see cref="FakeContainerEngine"/>) with a source directory of their own.</summary>
public abstract class ScriptedRunTest
{
    protected string Source { get; private set; } = null!;

    [SetUp]
    public void SetUp()
    {
        Source = Directory.CreateTempSubdirectory("taskrunner-sched-").FullName;
        File.WriteAllText(Path.Combine(Source, "file.txt"), "x");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(Source, true);

    protected async Task<(RunResult Result, FakeContainerEngine Engine, RecordingObserver Events)> Run(string yaml, CancellationToken token = default, RunOptions? options = null, FakeContainerEngine? fake = null, IManifestTool? manifests = null)
    {
        var engine = fake ?? new FakeContainerEngine();
        var events = new RecordingObserver();
        var plan = Plans.Load(yaml, "sched1");
        var result = await new RunExecutor(TestPorts.For(engine, manifests: manifests), events).ExecuteAsync(plan, options ?? new RunOptions { SourceDirectory = Source, MountDockerSocket = false }, token);
        return (result, engine, events);
    }

    protected static StepStatus StatusOf(RunResult result, string id) => result.Steps.Single(s => s.StepId == id).Status;

    protected static DateTimeOffset When(FakeContainerEngine engine, string @event, string name) =>
        engine.Timeline.First(t => t.Event == @event && t.Name == name).Time;
}
