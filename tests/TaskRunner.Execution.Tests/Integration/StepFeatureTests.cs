using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Registry.Auth;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>Step properties checked on the real engine, beyond what the samples show: cmd steps, the docker socket, delays, timeouts, isolation, pulls, volumes and runs side by side.</summary>
[TestFixture]
[Category("Integration")]
public sealed class StepFeatureTests : EngineTest
{
    [Test]
    public async Task The_multi_arch_sample_runs_end_to_end_with_docker_manifest_in_process()
    {
        var directory = Repository.Sample("multi-arch");
        // A registry path of its own, so the sample's fixed `latest` index never meets another test's.
        var registry = $"{Repository.Registry}/{RunId}";
        var plan = Plans.LoadFile(Path.Combine(directory, "acr-task.yaml"), RunId, registry);
        var credentials = new StaticCredentialStore(new Dictionary<string, RegistryCredential>());
        var options = new RunOptions
        {
            SourceDirectory = directory,
            PushRetryDelay = TimeSpan.FromMilliseconds(200),
        };

        var result = await RunAsync(plan, options, TestPorts.For(Engine, manifests: new RegistryManifestTool(credentials)));

        var indexDigest = Events.OutputOf(plan.Steps[4].Id).FirstOrDefault(l => l.StartsWith("sha256:", StringComparison.Ordinal));
        if (indexDigest is not null)
        {
            using var http = new HttpClient();
            await http.DeleteAsync($"http://{Repository.Registry}/v2/{RunId}/multi-arch-samples/myimage/manifests/{indexDigest}");
        }
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(result.ImagesPushed.Select(p => p.Digest), Has.All.Match("^sha256:[0-9a-f]{64}$"));
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var (_, architecture) = await DockerCli.RunAsync("image", "inspect", "--format", "{{.Architecture}}", $"{registry}/multi-arch-samples/myimage:{RunId}-{arch}");
            Assert.That(architecture.Trim(), Is.EqualTo(arch));
            // Each image's RUN executed on its own architecture: the arm64 one through qemu, from a real arm64 base.
            var (_, ran) = await DockerCli.RunAsync("run", "--rm", "--platform", $"linux/{arch}", $"{registry}/multi-arch-samples/myimage:{RunId}-{arch}");
            Assert.That(ran, Does.Contain(arch == "arm64" ? "RUN executed on aarch64" : "RUN executed on x86_64"));
        }
        Assert.That(indexDigest, Does.Match("^sha256:[0-9a-f]{64}$"), "docker manifest push printed the index digest");
        var inspect = string.Join("\n", Events.OutputOf(plan.Steps[5].Id));
        Assert.That(inspect, Does.Contain("\"architecture\": \"amd64\"").And.Contain("\"architecture\": \"arm64\""));
        foreach (var pushed in result.ImagesPushed)
            Assert.That(inspect, Does.Contain(pushed.Digest!), "the index lists the pushed images' digests");
    }

    [Test]
    public async Task Docker_socket_start_delay_and_a_timeout_over_retries_on_the_real_engine()
    {
        var plan = Plans.Load("""
            steps:
              - id: socket
                cmd: busybox sh -c 'test -S /var/run/docker.sock && echo socket-mounted'
              - id: delayed
                cmd: busybox true
                startDelay: 6
              - id: retried
                cmd: busybox sh -c 'echo attempt; exit 1'
                retries: 10
                retryDelay: 1
                timeout: 3
                ignoreErrors: true
            """, RunId);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await RunAsync(plan, Options with { MountDockerSocket = true });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("socket"), Is.EqualTo(new[] { "socket-mounted" }), "ACR mounts the docker socket into cmd steps");
        // A busybox container takes 1-4 s on a loaded 2-core engine: the margin is the delay itself, 6 s.
        Assert.That(Step(result, "delayed").Duration, Is.LessThan(TimeSpan.FromSeconds(6)), "the delay is not the step's time");
        Assert.That(Step(result, "retried").Status, Is.EqualTo(StepStatus.TimedOut));
        Assert.That(Step(result, "retried").Error, Does.Contain("timed out"));
        // Without the one deadline, retries: 10 would make 11 attempts; a loaded engine may fit only one into 3 s.
        Assert.That(Events.OutputOf("retried").Count(l => l == "attempt"), Is.InRange(1, 4), "retries ran until the one deadline");
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(9)).And.LessThan(TimeSpan.FromSeconds(60)));

        var without = await RunAsync(Plans.Load("steps:\n  - id: nosocket\n    cmd: busybox sh -c 'test -e /var/run/docker.sock || echo no-socket'\n", RunId),
            Options with { MountDockerSocket = false });
        Assert.That(without.Status, Is.EqualTo(RunStatus.Succeeded), Errors(without));
        Assert.That(Events.OutputOf("nosocket"), Is.EqualTo(new[] { "no-socket" }));
    }

    [Test]
    public async Task Secret_volumes_env_user_workdir_entrypoint_and_ports()
    {
        Directory.CreateDirectory(Path.Combine(Source, "sub"));
        var plan = Plans.Load("""
            env: ["FROM_TASK=task"]
            volumes:
              - name: creds
                secret:
                  token.txt: c2VjcmV0LXZhbHVl
            steps:
              - id: inspect
                cmd: busybox -c 'cat /run/creds/token.txt; wc -c < /run/creds/token.txt; stat -c %a /run/creds/token.txt; echo "$FROM_TASK $FROM_STEP"; id -u; pwd'
                entryPoint: sh
                env: ["FROM_STEP=step"]
                user: "1234"
                workingDirectory: sub
                ports: ["127.0.0.1::8080"]
                expose: ["9000"]
                volumeMounts:
                  - name: creds
                    mountPath: /run/creds
            """, RunId);

        var result = await RunAsync(plan, Options with { MountDockerSocket = false });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        // acb writes secret files through a here-document: a newline is added, and the mode is 0644.
        Assert.That(Events.OutputOf("inspect"), Is.EqualTo(new[] { "secret-value", "13", "644", "task step", "1234", "/workspace/sub" }));
    }

    [Test]
    public async Task Isolation_default_is_given_to_the_engine_for_cmd_and_build_steps()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\nRUN echo built-with-isolation > /built.txt\n");
        var plan = Plans.Load($$"""
            steps:
              - id: isolated
                cmd: busybox echo ran-with-isolation
                isolation: default
              - id: build
                build: -t taskrunner-it/{{RunId}}:isolated --isolation default .
              - id: check
                cmd: taskrunner-it/{{RunId}}:isolated cat /built.txt
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("isolated"), Is.EqualTo(new[] { "ran-with-isolation" }));
        Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { "built-with-isolation" }));
    }

    // A Linux engine accepts only "default": a value it refuses shows the step's isolation really reaches it.

    [TestCase("cmd: busybox true\n    isolation: hyperv", "Invalid isolation: \"hyperv\"")]
    [TestCase("build: -t taskrunner-it/{0}:hyperv --isolation hyperv .", "Unsupported isolation: \"hyperv\"")]
    public async Task An_isolation_the_engine_refuses_fails_the_step_with_the_engines_reason(string step, string reason)
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\n");
        var plan = Plans.Load("steps:\n  - id: refused\n    " + string.Format(System.Globalization.CultureInfo.InvariantCulture, step, RunId) + "\n", RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(Step(result, "refused").Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(Step(result, "refused").Error, Does.Contain(reason));
    }

    [Test]
    public async Task Pull_fails_clearly_for_an_image_that_is_nowhere()
    {
        var plan = Plans.Load($$"""
            steps:
              - cmd: 127.0.0.1:5000/taskrunner-it/absent-{{RunId}}:1 true
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Steps[0].Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(result.Steps[0].Error, Does.Contain("is not on the engine and could not be pulled"));
    }

    [Test]
    public async Task Pull_true_pulls_from_the_registry()
    {
        var image = $"{Repository.Registry}/taskrunner-it/pull-{RunId}:1";
        await DockerCli.RunAsync("tag", "busybox:latest", image);
        await DockerCli.RunAsync("push", image);
        await DockerCli.RunAsync("rmi", image);
        var plan = Plans.Load($$"""
            steps:
              - id: pulled
                cmd: {{image}} echo pulled and ran
                pull: true
            """, RunId);

        var result = await RunAsync(plan, Options);

        await DockerCli.RunAsync("rmi", "-f", image);
        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("pulled"), Does.Contain("pulled and ran"));
        Assert.That(Events.OutputOf("pulled"), Has.Some.StartsWith("Pulling "));
    }

    [Test]
    public async Task Without_the_docker_socket_the_next_container_is_created_while_the_step_before_runs()
    {
        var plan = Plans.Load("""
            steps:
              - id: first
                cmd: busybox sleep 2
              - id: second
                cmd: busybox sh -c 'echo second ran'
            """, RunId);
        var seen = new List<string>();
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            // What the engine holds while the run goes on: "first running" and "second created" together is the proof.
            while (!stop.IsCancellationRequested)
            {
                var (_, states) = await DockerCli.RunAsync("ps", "-a", "--filter", $"name={RunId}", "--format", "{{.Names}}={{.State}}");
                lock (seen) seen.Add(string.Join(" ", states.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order()));
                await Task.Delay(100);
            }
        });

        var result = await RunAsync(plan, Options with { MountDockerSocket = false });
        await stop.CancelAsync();
        await watch;

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("second"), Is.EqualTo(new[] { "second ran" }));
        Assert.That(seen, Has.Some.Matches<string>(s => s!.Contains("first=running") && s.Contains("second=created")), string.Join("\n", seen));
    }

    [Test]
    public async Task Two_runs_on_one_engine_do_not_collide()
    {
        var plan = Plans.Load("""
            steps:
              - id: same
                cmd: busybox sleep 1
            """, RunId);
        var otherPlan = Plans.Load("""
            steps:
              - id: same
                cmd: busybox sleep 1
            """, RunId + "b");

        var both = await Task.WhenAll(RunAsync(plan, Options), RunAsync(otherPlan, Options));

        Assert.That(both.Select(r => r.Status), Has.All.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public async Task Home_volume_given_by_the_user_is_reused_and_kept()
    {
        var home = RunId + "-userhome";
        try
        {
            var plan = Plans.Load("""
                steps:
                  - cmd: busybox sh -c 'echo kept > /acb/home/file'
                """, RunId);
            var first = await RunAsync(plan, Options with { HomeVolume = home });
            var second = await RunAsync(Plans.Load("""
                steps:
                  - id: read
                    cmd: busybox cat /acb/home/file
                """, RunId), Options with { HomeVolume = home });
            Assert.That(first.Status, Is.EqualTo(RunStatus.Succeeded));
            Assert.That(Events.OutputOf("read"), Is.EqualTo(new[] { "kept" }));
        }
        finally
        {
            await DockerCli.RunAsync("volume", "rm", "-f", home);
        }
    }
}
