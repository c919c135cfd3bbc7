using System.Diagnostics;
using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Scheduling logic (order, parallelism, failure handling, timeouts, retries, repeat) with a scripted engine.</summary>
[TestFixture]
public sealed class SchedulingTests
{
    private string _source = null!;

    [SetUp]
    public void SetUp()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-sched-").FullName;
        File.WriteAllText(Path.Combine(_source, "file.txt"), "x");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_source, true);

    private async Task<(RunResult Result, FakeContainerEngine Engine, RecordingObserver Events)> Run(string yaml, CancellationToken token = default, RunOptions? options = null, FakeContainerEngine? fake = null, IManifestTool? manifests = null)
    {
        var engine = fake ?? new FakeContainerEngine();
        var events = new RecordingObserver();
        var plan = Plans.Load(yaml, "sched1");
        var result = await new RunExecutor(TestPorts.For(engine, manifests: manifests), events).ExecuteAsync(plan, options ?? new RunOptions { SourceDirectory = _source, MountDockerSocket = false }, token);
        return (result, engine, events);
    }

    private static StepStatus StatusOf(RunResult result, string id) => result.Steps.Single(s => s.StepId == id).Status;

    private static DateTimeOffset When(FakeContainerEngine engine, string @event, string name) =>
        engine.Timeline.First(t => t.Event == @event && t.Name == name).Time;

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
            """, options: new RunOptions { SourceDirectory = _source, MountDockerSocket = true });
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
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
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

    [Test]
    public async Task Everything_created_is_removed_after_a_failure()
    {
        var (result, engine, _) = await Run("""
            volumes:
              - name: secrets
                secret:
                  token.txt: c2VjcmV0
            steps:
              - id: server
                cmd: fake sleep 20
                detach: true
              - id: broken
                cmd: fake exit 1
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(engine.VolumesCreated, Has.Count.EqualTo(3));
        Assert.That(engine.VolumesRemoved, Is.EquivalentTo(engine.VolumesCreated));
        Assert.That(engine.NetworksRemoved, Is.EquivalentTo(engine.NetworksCreated));
        Assert.That(engine.Removed, Does.Contain("taskrunner-sched1-server").And.Contain("taskrunner-sched1-broken"));
    }

    [Test]
    public async Task Declared_networks_without_a_default_leave_other_steps_on_the_engines_bridge_as_acb_does()
    {
        var (result, engine, _) = await Run("""
            networks:
              - name: declared
            steps:
              - id: plain
                cmd: fake echo hi
              - id: joined
                cmd: fake echo hi
                network: declared
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), result.Steps[0].Error);
        Assert.That(engine.NetworksCreated, Is.EquivalentTo(new[] { "declared" }), "no run network when the task declares its own");
        var plain = engine.Created.Single(c => c.Name.EndsWith("-plain", StringComparison.Ordinal));
        Assert.That((plain.Network, plain.NetworkAliases.Count), Is.EqualTo(((string?)null, 0)));
        var joined = engine.Created.Single(c => c.Name.EndsWith("-joined", StringComparison.Ordinal));
        Assert.That((joined.Network, joined.NetworkAliases.Single()), Is.EqualTo(("declared", "joined")));
    }

    [Test]
    public async Task An_empty_entry_point_keeps_the_images_own()
    {
        var (result, engine, _) = await Run("""
            steps:
              - cmd: fake echo hi
                entryPoint: ""
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), result.Steps[0].Error);
        Assert.That(engine.Created.Single().Entrypoint, Is.Null);
    }

    [Test]
    public async Task The_container_carries_the_step_options()
    {
        var (result, engine, _) = await Run("""
            env: ["TASK=1", "SHARED=task"]
            steps:
              - id: configured
                cmd: fake echo "two words" 'and more'
                env: ["SHARED=step"]
                entryPoint: /bin/sh
                user: "1000:1000"
                privileged: true
                workingDirectory: sub
                ports: ["127.0.0.1:8080:80", "9090"]
                expose: ["7000"]
                cpus: "0.5"
            """, options: new RunOptions { SourceDirectory = _source, MountDockerSocket = true, ImageAliases = new Dictionary<string, string> { ["fake"] = "local/fake:1" } });
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), result.Steps[0].Error);
        var spec = engine.Created.Single();
        Assert.That(spec.Image, Is.EqualTo("local/fake:1"));
        Assert.That(spec.Command, Is.EqualTo(new[] { "echo", "two words", "and more" }));
        Assert.That(spec.Entrypoint, Is.EqualTo(new[] { "/bin/sh" }));
        Assert.That(spec.Env, Is.SupersetOf(new[] { "SHARED=step", "TASK=1", "HOME=/acb/home" }));
        Assert.That(spec.Env, Does.Not.Contain("SHARED=task"));
        Assert.That(spec.User, Is.EqualTo("1000:1000"));
        Assert.That(spec.Privileged, Is.True);
        Assert.That(spec.WorkingDirectory, Is.EqualTo("/workspace/sub"));
        Assert.That(spec.Network, Is.EqualTo("taskrunner-sched1-network"));
        Assert.That(spec.NetworkAliases, Is.EqualTo(new[] { "configured" }));
        Assert.That(spec.Ports.Select(p => $"{p.HostIp}|{p.HostPort}|{p.Key}"), Is.EqualTo(new[] { "127.0.0.1|8080|80/tcp", "||9090/tcp" }));
        Assert.That(spec.Expose, Is.EqualTo(new[] { "7000" }));
        Assert.That(spec.NanoCpus, Is.EqualTo(500_000_000));
        Assert.That(spec.Mounts.Select(m => m.Target), Is.EquivalentTo(new[] { "/workspace", "/acb/home", RunWorkspace.DockerSocket }));
        Assert.That(spec.Labels[RunNames.RunLabel], Is.EqualTo("sched1"));
    }

    [Test]
    public async Task No_docker_socket_leaves_the_socket_out()
    {
        var (_, engine, _) = await Run("""
            steps:
              - cmd: fake echo hi
            """);
        Assert.That(engine.Created.Single().Mounts.Select(m => m.Target), Does.Not.Contain(RunWorkspace.DockerSocket));
    }

    [Test]
    public async Task Docker_manifest_runs_in_process_with_its_output_as_step_output()
    {
        var calls = new List<IReadOnlyList<string>>();
        var manifests = new TestPorts.Manifests((args, stdout, stderr, _) =>
        {
            calls.Add(args);
            stdout.WriteLine("manifest line");
            return Task.FromResult(args[0] == "inspect" ? 0 : 1);
        });
        var (result, engine, events) = await Run("""
            steps:
              - id: inspect
                cmd: docker manifest inspect 127.0.0.1:5000/x:latest
              - id: push
                cmd: docker manifest push --purge 127.0.0.1:5000/x:latest
            """, manifests: manifests);
        Assert.That(calls.Select(c => string.Join(' ', c)), Is.EqualTo(new[] { "inspect 127.0.0.1:5000/x:latest", "push --purge 127.0.0.1:5000/x:latest" }));
        Assert.That(events.OutputOf("inspect"), Is.EqualTo(new[] { "manifest line" }));
        Assert.That(StatusOf(result, "push"), Is.EqualTo(StepStatus.Failed));
        Assert.That(engine.Created, Is.Empty);
    }

    [Test]
    public async Task Push_steps_record_digests_for_the_summary()
    {
        var (result, _, events) = await Run("""
            steps:
              - push: ["127.0.0.1:5000/app", "127.0.0.1:5000/app:latest"]
            """);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        // As acb lists them: a name with a ':' anywhere (here the port) gets no ':latest', so the two stay apart.
        Assert.That(result.ImagesPushed.Select(p => p.Image), Is.EqualTo(new[] { "127.0.0.1:5000/app", "127.0.0.1:5000/app:latest" }));
        Assert.That(result.ImagesPushed[0].Digest, Does.StartWith("sha256:"));
        Assert.That(events.Events.OfType<ImagePushed>().ToList(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_dry_run_describes_engine_calls_without_a_real_engine()
    {
        var events = new RecordingObserver();
        var plan = Plans.Load("""
            steps:
              - id: hello
                cmd: busybox echo hi
            """, "dry1");
        var result = await new RunExecutor(DryRunPorts.Create(events, new TestPorts.Credentials((_, _) => Task.FromResult<RegistryAuth?>(null))), events).ExecuteAsync(plan, new RunOptions { SourceDirectory = _source }, default);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        var messages = events.Events.OfType<RunMessage>().Select(m => m.Text).ToList();
        Assert.That(messages, Has.Some.StartsWith("would create network taskrunner-dry1-network"));
        Assert.That(messages, Has.Some.Contains("would create container taskrunner-dry1-hello: image busybox; command [echo, hi]"));
        Assert.That(messages, Has.Some.StartsWith("would remove volume taskrunner-dry1-volume-workspace"));
    }
    [Test]
    public async Task The_whole_run_timeout_stops_running_steps_and_fails_the_run()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: slow
                cmd: fake sleep 20
              - id: next
                cmd: fake echo never
            """, options: new RunOptions { SourceDirectory = _source, MountDockerSocket = false, RunTimeout = TimeSpan.FromSeconds(1) });
        Assert.That(result.Status, Is.EqualTo(RunStatus.TimedOut));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("timed out after 1 s"));
        Assert.That(StatusOf(result, "slow"), Is.EqualTo(StepStatus.Cancelled));
        Assert.That(StatusOf(result, "next"), Is.EqualTo(StepStatus.Skipped));
        Assert.That(engine.Killed, Does.Contain("taskrunner-sched1-slow"));
    }
    [Test]
    public async Task Keep_leaves_every_container_volume_and_network()
    {
        var (result, engine, _) = await Run("""
            steps:
              - id: one
                cmd: fake echo hi
            """, options: new RunOptions { SourceDirectory = _source, MountDockerSocket = false, Keep = true });
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.Removed, Is.Empty);
        Assert.That(engine.VolumesRemoved, Is.Empty);
        Assert.That(engine.NetworksRemoved, Is.Empty);
        Assert.That(result.Kept, Does.Contain("taskrunner-sched1-one").And.Contain("taskrunner-sched1-network"));
    }
}
