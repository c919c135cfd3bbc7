using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>
/// A run makes its network and volumes (and copies the source) only when a step will use them: a container of a cmd
/// step, or a build naming a network. Builds, pushes and in-process docker manifest steps use none of them.
/// </summary>
[TestFixture]
public sealed class SetUpOnDemandTests
{
    private string _source = null!;

    [SetUp]
    public void SetUp()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-ondemand-").FullName;
        File.WriteAllText(Path.Combine(_source, "file.txt"), "x");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_source, true);

    private static readonly TestPorts.Manifests Manifests = new((_, stdout, _, _) =>
    {
        stdout.WriteLine("manifest");
        return Task.FromResult(0);
    });

    private async Task<(RunResult Result, FakeContainerEngine Engine)> RunAsync(string yaml, IManifestTool? manifests, FakeContainerEngine? engine = null)
    {
        engine ??= new FakeContainerEngine();
        var plan = Plans.Load(yaml, "ondemand1");
        var result = await new RunExecutor(TestPorts.For(engine, manifests: manifests), new RecordingObserver())
            .ExecuteAsync(plan, new RunOptions { SourceDirectory = _source, MountDockerSocket = false }, CancellationToken.None);
        return (result, engine);
    }

    [Test]
    public async Task Pushes_and_in_process_docker_manifest_steps_get_no_network_no_volumes_and_no_copy()
    {
        var (result, engine) = await RunAsync("""
            volumes:
              - name: creds
                secret:
                  a.txt: eA==
            steps:
              - push: ["127.0.0.1:5000/app:1"]
              - cmd: docker manifest create 127.0.0.1:5000/app:list 127.0.0.1:5000/app:1
              - cmd: docker manifest push 127.0.0.1:5000/app:list
            """, Manifests);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId} {s.Error}")));
        Assert.That(engine.NetworksCreated, Is.Empty);
        Assert.That(engine.VolumesCreated, Is.Empty);
        Assert.That(engine.Created, Is.Empty);
    }

    [TestCase("steps:\n  - cmd: busybox echo hi\n")]
    [TestCase("steps:\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: docker manifest inspect 127.0.0.1:5000/app:1\n  - cmd: busybox echo hi\n")]
    [TestCase("steps:\n  - build: --network buildnet -t app .\n")]
    public void A_container_step_or_a_build_naming_a_network_needs_the_set_up(string yaml) =>
        Assert.That(RunWorkspace.NeedsEngineObjects(Plans.Load(yaml, "ondemand2"), manifestsInProcess: true), Is.True);

    [TestCase("host")]
    [TestCase("none")]
    [TestCase("bridge")]
    [TestCase("default")]
    public void A_build_on_one_of_the_engines_own_networks_needs_nothing_of_the_set_up(string network) =>
        Assert.That(RunWorkspace.NeedsEngineObjects(Plans.Load($"steps:\n  - build: --network {network} -t app .\n", "ondemand2"), manifestsInProcess: true), Is.False);

    [Test]
    public async Task Without_the_in_process_manifest_tool_docker_manifest_runs_in_a_container_and_gets_the_set_up()
    {
        var (_, engine) = await RunAsync("steps:\n  - cmd: docker manifest inspect 127.0.0.1:5000/app:1\n", manifests: null);

        Assert.That(engine.NetworksCreated, Is.Not.Empty);
        Assert.That(engine.VolumesCreated, Is.Not.Empty);
    }

    [Test]
    public async Task A_task_with_a_container_step_gets_its_network_and_volumes_as_before()
    {
        var (result, engine) = await RunAsync("steps:\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: busybox echo hi\n", Manifests);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded));
        Assert.That(engine.NetworksCreated, Is.EqualTo(new[] { "taskrunner-ondemand1-network" }));
        Assert.That(engine.VolumesCreated, Is.EquivalentTo(new[] { "taskrunner-ondemand1-volume-workspace", "taskrunner-ondemand1-volume-home" }));
    }

    [Test]
    public async Task A_first_step_that_needs_no_set_up_runs_while_the_network_is_still_being_made()
    {
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeContainerEngine();
        engine.BeforeCreatingNetwork = async _ =>
        {
            // Held back until the push has run: a run that set up before its first step would never get there.
            try { await pushed.Task.WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (TimeoutException) { throw new EngineException("the push never ran while the network was being made"); }
        };
        var observer = new RecordingObserver();
        var plan = Plans.Load("steps:\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: busybox echo hi\n", "ondemand3");
        var run = new RunExecutor(TestPorts.For(engine, manifests: Manifests), observer)
            .ExecuteAsync(plan, new RunOptions { SourceDirectory = _source, MountDockerSocket = false }, CancellationToken.None);
        while (!run.IsCompleted && !engine.Order("push").Any()) await Task.Delay(10);
        pushed.TrySetResult();
        var result = await run;

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), result.Error + string.Join("; ", result.Steps.Select(s => $"{s.StepId} {s.Error}")));
        var timeline = engine.Timeline.Select(t => t.Event).Where(e => e is "push" or "network" or "start").ToList();
        Assert.That(timeline, Is.EqualTo(new[] { "push", "network", "start" }));
        Assert.That(engine.NetworksRemoved, Is.EquivalentTo(engine.NetworksCreated));
        Assert.That(engine.VolumesRemoved, Is.EquivalentTo(engine.VolumesCreated));
    }

    [Test]
    public async Task A_set_up_that_fails_after_a_first_step_ran_skips_the_steps_that_need_it_fails_the_run_and_is_cleaned_up()
    {
        var engine = new FakeContainerEngine();
        engine.BeforeCreatingNetwork = async _ =>
        {
            for (var i = 0; i < 2000 && !engine.Order("push").Any(); i++) await Task.Delay(10);
            throw new EngineException("cannot create network: no more address pools");
        };

        var (result, _) = await RunAsync("steps:\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: busybox echo hi\n", Manifests, engine);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("cannot create network: no more address pools"));
        Assert.That(result.Steps[0].Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(result.Steps[1].Status, Is.EqualTo(StepStatus.Skipped));
        Assert.That(result.Steps[1].Error, Is.EqualTo("the run's set-up failed"));
        Assert.That(engine.Created, Is.Empty);
        Assert.That(engine.VolumesRemoved, Is.EquivalentTo(engine.VolumesCreated));
        Assert.That(engine.NetworksRemoved, Is.EquivalentTo(new[] { "taskrunner-ondemand1-network" }));
    }

    [Test]
    public async Task A_set_up_that_fails_before_a_first_step_that_needs_it_ends_the_run_before_any_step()
    {
        var engine = new FakeContainerEngine { BeforeCreatingNetwork = _ => throw new EngineException("cannot create network: no more address pools") };

        var (result, _) = await RunAsync("steps:\n  - cmd: busybox echo hi\n  - push: [\"127.0.0.1:5000/app:1\"]\n", Manifests, engine);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("cannot create network: no more address pools"));
        Assert.That(result.Steps.Select(s => s.Status), Is.All.EqualTo(StepStatus.Skipped));
        Assert.That(engine.Order("push"), Is.Empty);
    }

    [Test]
    public async Task A_build_naming_a_network_gets_the_tasks_network_and_no_volumes_or_copy_when_no_step_runs_a_container()
    {
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
        var (result, engine) = await RunAsync("""
            networks:
              - name: buildnet
            volumes:
              - name: creds
                secret:
                  a.txt: eA==
            steps:
              - build: --network buildnet -t app -f Dockerfile .
            """, Manifests);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId} {s.Error}")));
        Assert.That(engine.NetworksCreated, Is.EqualTo(new[] { "buildnet" }));
        Assert.That(engine.VolumesCreated, Is.Empty);
        Assert.That(engine.NetworksRemoved, Is.EqualTo(new[] { "buildnet" }));
    }

    [Test]
    public async Task A_set_up_that_fails_beside_running_steps_stops_the_run_as_a_failed_step_does()
    {
        // build -> push -> cmd: the network fails while the build runs; the push must not go out.
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM scratch\n");
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeContainerEngine
        {
            BeforeCreatingNetwork = _ =>
            {
                failed.TrySetResult();
                throw new EngineException("cannot create network: no more address pools");
            },
            BeforeBuilding = async () =>
            {
                await failed.Task.WaitAsync(TimeSpan.FromSeconds(20));
                await Task.Delay(200);
            },
        };

        var (result, _) = await RunAsync("steps:\n  - build: -t 127.0.0.1:5000/app:1 .\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: 127.0.0.1:5000/app:1 true\n", Manifests, engine);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("cannot create network: no more address pools"));
        Assert.That(engine.Order("push"), Is.Empty, "nothing is pushed once the set-up failed");
        Assert.That(result.Steps[1].Status, Is.EqualTo(StepStatus.Skipped));
        Assert.That(result.Steps[2].Status, Is.EqualTo(StepStatus.Skipped));
    }

    [Test]
    public async Task A_steps_timeout_does_not_count_the_wait_for_the_set_up()
    {
        var engine = new FakeContainerEngine { BeforeCreatingNetwork = _ => Task.Delay(TimeSpan.FromSeconds(2)) };

        var (result, _) = await RunAsync("steps:\n  - push: [\"127.0.0.1:5000/app:1\"]\n  - cmd: busybox echo hi\n    timeout: 1\n", Manifests, engine);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId} {s.Status} {s.Error}")));
        Assert.That(result.Steps[1].Duration, Is.LessThan(TimeSpan.FromSeconds(1.5)), "the step's time starts when it does");
    }
}
