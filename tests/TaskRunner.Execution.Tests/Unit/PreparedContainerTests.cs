using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Containers created ahead of their step (while the step before runs), replaced or removed when they are not used, with a scripted engine.</summary>
[TestFixture]
public sealed class PreparedContainerTests : ScriptedRunTest
{
    [Test]
    public async Task The_next_step_container_is_created_while_the_step_before_it_runs()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake sleep 0.3
              - id: b
                cmd: fake sleep 0.1
              - id: c
                when: ["a"]
                cmd: fake sleep 0.1
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(When(engine, "create", "taskrunner-sched1-b"), Is.LessThan(When(engine, "end", "taskrunner-sched1-a")));
        Assert.That(When(engine, "create", "taskrunner-sched1-c"), Is.LessThan(When(engine, "end", "taskrunner-sched1-a")));
        Assert.That(engine.Order("create").Count(n => n == "taskrunner-sched1-b"), Is.EqualTo(1), "the prepared container is the one started");
    }

    [Test]
    public async Task No_container_is_created_ahead_when_steps_can_reach_the_engine()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake sleep 0.2
              - id: b
                cmd: fake sleep 0.1
            """, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = true });
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(When(engine, "create", "taskrunner-sched1-b"), Is.GreaterThanOrEqualTo(When(engine, "end", "taskrunner-sched1-a")));
    }

    [Test]
    public async Task A_prepared_container_is_replaced_when_its_image_changed_before_the_step_started()
    {
        var fake = new FakeContainerEngine { ImageChangesEveryTime = true };
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake sleep 0.3
              - id: b
                cmd: fake echo fresh
            """, fake: fake);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        var b = "taskrunner-sched1-b";
        Assert.That(engine.Order("create").Count(n => n == b), Is.EqualTo(2), "created ahead, then again from the new image");
        Assert.That(When(engine, "remove", b), Is.LessThan(engine.Timeline.Last(t => t.Event == "create" && t.Name == b).Time), "the stale one went first");
        Assert.That(engine.Order("start").Count(n => n == b), Is.EqualTo(1));
    }

    [Test]
    public async Task No_container_is_created_ahead_for_an_image_the_run_builds()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM scratch\n");
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake sleep 0.2
              - id: build
                build: -t made-here .
              - id: b
                cmd: made-here sleep 0.1
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => s.Error)));
        Assert.That(When(engine, "create", "taskrunner-sched1-b"), Is.GreaterThan(When(engine, "end", "taskrunner-sched1-a")));
    }

    [Test]
    public async Task Containers_prepared_for_steps_that_never_ran_are_removed()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake exit 3
              - id: b
                cmd: fake echo never
            """);
        Assert.That(StatusOf(result, "b"), Is.EqualTo(StepStatus.Skipped));
        Assert.That(engine.Order("create"), Does.Contain("taskrunner-sched1-b"), "b was prepared while a ran");
        Assert.That(engine.Order("start"), Does.Not.Contain("taskrunner-sched1-b"));
        Assert.That(engine.Removed, Does.Contain("taskrunner-sched1-b"));
    }
}
