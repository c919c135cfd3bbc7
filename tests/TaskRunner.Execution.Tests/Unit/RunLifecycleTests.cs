using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.DryRun;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>What a run creates, gives each container and removes, in-process docker manifest, push digests, dry runs, the run timeout and --keep, with a scripted engine.</summary>
[TestFixture]
public sealed class RunLifecycleTests : ScriptedRunTest
{
    [Test]
    public async Task Only_a_run_id_given_by_the_user_is_looked_for_leftovers_before_the_run()
    {
        const string task = "steps:\n  - cmd: fake echo hi\n";
        var (given, givenEngine, _) = await Run(task, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = false });
        var (made, madeEngine, _) = await Run(task, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = false, IdIsNew = true });
        Assert.That(given.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(made.Status, Is.EqualTo(RunStatus.Succeeded));
        // The clean-up's listing happens either way; the look before the run only for an id an earlier run may have used.
        Assert.That(givenEngine.LabelledListings, Is.EqualTo(madeEngine.LabelledListings + 1));
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
            """, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = true, ImageAliases = new Dictionary<string, string> { ["fake"] = "local/fake:1" } });
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
        var result = await new RunExecutor(DryRunPorts.Create(events, new TestPorts.Credentials((_, _) => Task.FromResult<RegistryAuth?>(null))), events).ExecuteAsync(plan, new RunOptions { SourceDirectory = Source }, default);
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
            """, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = false, RunTimeout = TimeSpan.FromSeconds(1) });
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
            """, options: new RunOptions { SourceDirectory = Source, MountDockerSocket = false, Keep = true });
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.Removed, Is.Empty);
        Assert.That(engine.VolumesRemoved, Is.Empty);
        Assert.That(engine.NetworksRemoved, Is.Empty);
        Assert.That(result.Kept, Does.Contain("taskrunner-sched1-one").And.Contain("taskrunner-sched1-network"));
    }
}
