using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// Steps that need nothing of the run's set-up (a build from the source directory) run while it is made: with a large
/// source, the first build is done before the copy into /workspace is, and the cmd step after it still sees every file.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class SetUpOverlapTests : EngineTest
{
    [Test]
    public async Task A_first_build_runs_while_a_large_source_is_still_being_copied_into_the_workspace()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox:latest\nCOPY small.txt /small.txt\n");
        File.WriteAllText(Path.Combine(Source, ".dockerignore"), "big.bin\n");
        File.WriteAllText(Path.Combine(Source, "small.txt"), "small\n");
        // 800 MB to copy into /workspace (the build's context leaves it out).
        using (var big = File.Create(Path.Combine(Source, "big.bin"))) big.SetLength(800L * 1024 * 1024);
        var tag = $"taskrunner-it-overlap:{RunId}";
        RemoveAfterTest(tag);
        var plan = Plans.Load($$"""
            steps:
              - id: image
                build: -t {{tag}} .
              - id: check
                cmd: busybox stat -c %s /workspace/big.bin
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var events = Events.Events.ToList();
        var buildDone = events.FindIndex(e => e is StepFinished { Result.StepId: "image" });
        var setUpDone = events.FindIndex(e => e is RunMessage m && m.Text.StartsWith("set-up done", StringComparison.Ordinal));
        Assert.That(buildDone, Is.GreaterThanOrEqualTo(0));
        Assert.That(setUpDone, Is.GreaterThan(buildDone), "the build was done before the source was copied");
        Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { (800L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }
}
