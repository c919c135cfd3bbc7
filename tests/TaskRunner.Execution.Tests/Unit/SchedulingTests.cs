using System.Diagnostics;
using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Scheduling logic (order, parallelism, failure handling, timeouts, retries, repeat, delays, cancelling) with a scripted engine.</summary>
[TestFixture]
public sealed class SchedulingTests : ScriptedRunTest
{
    [Test]
    public async Task Steps_without_when_run_one_after_another_in_file_order()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                cmd: fake sleep 0.1
              - id: b
                cmd: fake sleep 0.1
              - id: c
                cmd: fake sleep 0.1
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.Order("start"), Is.EqualTo(new[] { "taskrunner-sched1-a", "taskrunner-sched1-b", "taskrunner-sched1-c" }));
        Assert.That(engine.MaxConcurrent, Is.EqualTo(1), string.Join("\n", engine.Timeline.Select(t => $"{t.Time:ss.fff} {t.Event} {t.Name}")));
    }

    [Test]
    public async Task Steps_that_start_immediately_run_in_parallel()
    {
        var clock = Stopwatch.StartNew();
        var (result, engine, _) = await Run("""
            steps:
              - id: a
                when: ["-"]
                cmd: fake sleep 0.5
              - id: b
                when: ["-"]
                cmd: fake sleep 0.5
              - id: c
                when: ["-"]
                cmd: fake sleep 0.5
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.MaxConcurrent, Is.EqualTo(3));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.4)));
    }

    [Test]
    public async Task A_step_waits_for_every_step_it_names()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: slow
                when: ["-"]
                cmd: fake sleep 0.4
              - id: quick
                when: ["-"]
                cmd: fake sleep 0.05
              - id: last
                when: [slow, quick]
                cmd: fake echo done
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        var timeline = engine.Timeline;
        var lastStart = timeline.Single(t => t.Event == "start" && t.Name.EndsWith("-last")).Time;
        var slowEnd = timeline.Single(t => t.Event == "end" && t.Name.EndsWith("-slow")).Time;
        Assert.That(lastStart, Is.GreaterThanOrEqualTo(slowEnd));
    }

    [Test]
    public async Task The_first_failure_cancels_running_steps_and_skips_the_rest()
    {
        var clock = Stopwatch.StartNew();
        var (result, engine, _) = await Run("""
            steps:
              - id: long
                when: ["-"]
                cmd: fake sleep 20
              - id: broken
                when: ["-"]
                cmd: fake exit 3
              - id: after
                when: [broken]
                cmd: fake echo never
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(StatusOf(result, "broken"), Is.EqualTo(StepStatus.Failed));
        Assert.That(result.Steps.Single(s => s.StepId == "broken").Error, Does.Contain("exit code 3"));
        Assert.That(StatusOf(result, "long"), Is.EqualTo(StepStatus.Cancelled));
        Assert.That(StatusOf(result, "after"), Is.EqualTo(StepStatus.Skipped));
        Assert.That(engine.Killed, Does.Contain("taskrunner-sched1-long"));
        Assert.That(engine.Order("start"), Has.None.EndsWith("-after"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task IgnoreErrors_lets_dependants_run_and_the_run_succeed()
    {
        var (result, _, _) = await Run("""
            steps:
              - id: broken
                cmd: fake exit 1
                ignoreErrors: true
              - id: after
                cmd: fake echo still here
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(StatusOf(result, "broken"), Is.EqualTo(StepStatus.Failed));
        Assert.That(result.Steps.Single(s => s.StepId == "broken").IgnoredError, Is.True);
        Assert.That(StatusOf(result, "after"), Is.EqualTo(StepStatus.Succeeded));
    }

    [Test]
    public async Task A_step_past_its_timeout_is_timed_out_and_its_container_killed()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: slow
                cmd: fake sleep 20
                timeout: 1
            """);
        Assert.That(StatusOf(result, "slow"), Is.EqualTo(StepStatus.TimedOut));
        Assert.That(result.Steps[0].Error, Does.Contain("timed out"));
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(engine.Killed, Does.Contain("taskrunner-sched1-slow"));
    }

    [Test]
    public async Task The_timeout_covers_all_retries()
    {
        var clock = Stopwatch.StartNew();
        var (result, engine, _) = await Run("""
            steps:
              - id: failing
                cmd: fake exit 1
                retries: 10
                retryDelay: 1
                timeout: 2
            """);
        Assert.That(StatusOf(result, "failing"), Is.EqualTo(StepStatus.TimedOut));
        Assert.That(engine.Order("start").Count(), Is.InRange(2, 3));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Retries_run_the_step_again_until_it_succeeds()
    {
        var (result, engine, events) = await Run("""
            steps:
              - id: flaky
                cmd: fake flaky 2 connection reset
                retries: 2
                retryDelay: 1
            """);
        Assert.That(StatusOf(result, "flaky"), Is.EqualTo(StepStatus.Succeeded));
        Assert.That(engine.Order("start").Count(), Is.EqualTo(3));
        Assert.That(events.Events.OfType<StepRetrying>().Select(r => r.NextAttempt), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task RetryOnErrors_retries_only_when_the_output_has_one_of_the_strings()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: flaky
                cmd: fake flaky 1 disk full
                retries: 3
                retryDelay: 1
                retryOnErrors: ["connection reset"]
              - id: matching
                when: ["-"]
                cmd: fake flaky 1 connection reset by peer
                retries: 3
                retryDelay: 1
                retryOnErrors: ["connection reset"]
                ignoreErrors: true
            """);
        Assert.That(StatusOf(result, "flaky"), Is.EqualTo(StepStatus.Failed));
        Assert.That(engine.Order("start").Count(n => n.Contains("-flaky")), Is.EqualTo(1));
        Assert.That(StatusOf(result, "matching"), Is.AnyOf(StepStatus.Succeeded, StepStatus.Cancelled));
    }

    [Test]
    public async Task Repeat_runs_every_repetition_and_joins_the_errors()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: again
                cmd: fake exit 2
                repeat: 2
            """);
        Assert.That(engine.Order("start").Count(), Is.EqualTo(3));
        Assert.That(StatusOf(result, "again"), Is.EqualTo(StepStatus.Failed));
        Assert.That(result.Steps[0].Error, Does.Contain("run 1").And.Contain("run 3"));
    }

    [Test]
    public async Task A_push_step_ignores_repeat_and_retries_as_acb_does()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: push
                push: ["reg.example/app:1", "reg.example/app:2"]
                repeat: 2
                retries: 3
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.Order("push"), Is.EqualTo(new[] { "reg.example/app:1", "reg.example/app:2" }));
        Assert.That(result.ImagesPushed.Select(p => p.Image), Is.EqualTo(new[] { "reg.example/app:1", "reg.example/app:2" }));
    }

    [Test]
    public async Task A_steps_time_starts_after_its_start_delay()
    {
        var (result, _, _) = await Run("""
            steps:
              - id: later
                cmd: fake echo hi
                startDelay: 1
            """);
        Assert.That(result.Steps[0].Duration, Is.LessThan(TimeSpan.FromSeconds(0.9)));
    }

    [Test]
    public async Task StartDelay_waits_before_the_step_starts()
    {
        var clock = Stopwatch.StartNew();
        var (result, engine, _) = await Run("""
            steps:
              - id: later
                cmd: fake echo hi
                startDelay: 1
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)));
    }

    [Test]
    public async Task Cancelling_the_run_cancels_steps_cleans_up_and_exits_130()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var (result, engine, _) = await Run("""
            steps:
              - id: slow
                cmd: fake sleep 20
              - id: next
                cmd: fake echo never
            """, cancel.Token);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(result.ExitCode, Is.EqualTo(130));
        Assert.That(StatusOf(result, "slow"), Is.EqualTo(StepStatus.Cancelled));
        Assert.That(StatusOf(result, "next"), Is.EqualTo(StepStatus.Skipped));
        Assert.That(engine.VolumesRemoved, Is.EquivalentTo(engine.VolumesCreated));
        Assert.That(engine.NetworksRemoved, Is.EquivalentTo(engine.NetworksCreated));
    }
}
