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

/// <summary>Step properties checked on the real engine, beyond what the samples show.</summary>
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
    public async Task A_dockerfile_outside_the_context_with_build_args_target_and_no_cache()
    {
        Directory.CreateDirectory(Path.Combine(Source, "ctx"));
        File.WriteAllText(Path.Combine(Source, "ctx", "data.txt"), "context data\n");
        File.WriteAllText(Path.Combine(Source, "build.Dockerfile"), """
            FROM busybox AS base
            ARG FROM_ARG
            ARG FROM_ENV
            COPY data.txt /data.txt
            RUN echo "$FROM_ARG/$FROM_ENV" > /args.txt
            FROM base AS final
            RUN echo final > /stage.txt
            FROM base AS other
            RUN echo other > /stage.txt
            """);
        var plan = Plans.Load($$"""
            steps:
              - id: build
                build: -f build.Dockerfile -t taskrunner-it/{{RunId}}:1 --build-arg FROM_ARG=given --build-arg FROM_ENV --target final --no-cache ctx
                env: ["FROM_ENV=from-env"]
              - id: check
                cmd: taskrunner-it/{{RunId}}:1 sh -c 'cat /data.txt /args.txt /stage.txt'
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { "context data", "given/from-env", "final" }));
        Assert.That(Events.OutputOf("build"), Has.Some.Contains("Step 1/"), "the classic builder's output is streamed");
    }

    [Test]
    public async Task Build_context_and_file_are_relative_to_the_working_directory_and_build_args_never_come_from_the_host()
    {
        // acb runs docker build in a container whose working directory is the step's (here the task's) workingDirectory.
        Directory.CreateDirectory(Path.Combine(Source, "app", "docker"));
        File.WriteAllText(Path.Combine(Source, "app", "data.txt"), "app data\n");
        File.WriteAllText(Path.Combine(Source, "app", "docker", "Dockerfile"), "FROM busybox\nCOPY data.txt /data.txt\n");
        File.WriteAllText(Path.Combine(Source, "app", "docker", "Dockerfile2"),
            "FROM busybox\nARG TASKRUNNER_IT_HOST_ONLY\nCOPY data.txt made.txt /\nRUN echo \"[$TASKRUNNER_IT_HOST_ONLY]\" > /arg.txt\n");
        Environment.SetEnvironmentVariable("TASKRUNNER_IT_HOST_ONLY", "leaked");
        try
        {
            var plan = Plans.Load($$"""
                workingDirectory: app
                steps:
                  - id: first
                    build: -t taskrunner-it/{{RunId}}:wd1 -f docker/Dockerfile .
                  - id: write
                    cmd: busybox sh -c 'echo written-in-app > made.txt'
                  - id: second
                    build: -t taskrunner-it/{{RunId}}:wd2 -f docker/Dockerfile2 --build-arg TASKRUNNER_IT_HOST_ONLY .
                  - id: check
                    cmd: taskrunner-it/{{RunId}}:wd2 cat /data.txt /made.txt /arg.txt
                """, RunId);

            var result = await RunAsync(plan, Options);

            Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
            Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { "app data", "written-in-app", "[]" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TASKRUNNER_IT_HOST_ONLY", null);
        }
    }

    [Test]
    public async Task Add_host_shm_size_and_cache_from_reach_the_builder()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"),
            "FROM busybox\nRUN grep -q '10.9.8.7.*registry-alias' /etc/hosts && df -k /dev/shm | tail -1 | awk '{print $2}' > /shm.txt\n" +
            "RUN cat /proc/sys/kernel/random/uuid > /id\nCMD cat /shm.txt /id\n");
        // With --cache-from the classic builder takes cached layers only from the images named: the second build
        // (from busybox alone) runs the RUN steps again, the third (from the first image) reuses them.
        var plan = Plans.Load($$"""
            steps:
              - id: first
                build: -t taskrunner-it/{{RunId}}:c1 --add-host registry-alias:10.9.8.7 --shm-size 96m .
              - id: second
                build: -t taskrunner-it/{{RunId}}:c2 --add-host registry-alias:10.9.8.7 --shm-size 96m --cache-from busybox .
              - id: third
                build: -t taskrunner-it/{{RunId}}:c3 --add-host registry-alias:10.9.8.7 --shm-size 96m --cache-from taskrunner-it/{{RunId}}:c1 .
              - id: show1
                cmd: taskrunner-it/{{RunId}}:c1
              - id: show2
                cmd: taskrunner-it/{{RunId}}:c2
              - id: show3
                cmd: taskrunner-it/{{RunId}}:c3
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var first = Events.OutputOf("show1");
        Assert.That(first[0], Is.EqualTo((96 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)), "--shm-size");
        Assert.That(Events.OutputOf("show2")[1], Is.Not.EqualTo(first[1]), "--cache-from busybox: no layer of the first build reused");
        Assert.That(Events.OutputOf("show3")[1], Is.EqualTo(first[1]), "--cache-from the first image: its layers reused");
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
                startDelay: 2
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
        Assert.That(Step(result, "delayed").Duration, Is.LessThan(TimeSpan.FromSeconds(2)), "the delay is not the step's time");
        Assert.That(Step(result, "retried").Status, Is.EqualTo(StepStatus.TimedOut));
        Assert.That(Step(result, "retried").Error, Does.Contain("timed out"));
        Assert.That(Events.OutputOf("retried").Count(l => l == "attempt"), Is.InRange(2, 4), "retries ran until the one deadline");
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(5)).And.LessThan(TimeSpan.FromSeconds(40)));

        var without = await RunAsync(Plans.Load("steps:\n  - id: nosocket\n    cmd: busybox sh -c 'test -e /var/run/docker.sock || echo no-socket'\n", RunId),
            Options with { MountDockerSocket = false });
        Assert.That(without.Status, Is.EqualTo(RunStatus.Succeeded), Errors(without));
        Assert.That(Events.OutputOf("nosocket"), Is.EqualTo(new[] { "no-socket" }));
    }

    [Test]
    public async Task Build_platform_sets_the_images_architecture()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM scratch\nCOPY note.txt /note.txt\n");
        File.WriteAllText(Path.Combine(Source, "note.txt"), "arm64 image\n");
        var tag = $"taskrunner-it/{RunId}:arm64";
        var plan = Plans.Load($$"""
            steps:
              - build: -t {{tag}} --platform linux/arm64 --network none .
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var (_, architecture) = await DockerCli.RunAsync("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", tag);
        Assert.That(architecture.Trim(), Is.EqualTo("linux/arm64"));
    }

    [Test]
    public async Task A_build_error_fails_the_step_with_the_builders_message()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\nRUN exit 7\n");
        var plan = Plans.Load($$"""
            steps:
              - build: -t taskrunner-it/{{RunId}}:bad .
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.Steps[0].Error, Does.Contain("returned a non-zero code: 7"));
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
    public async Task A_git_url_context_is_cloned_at_its_ref_and_subdirectory()
    {
        var repository = Path.Combine(Source, "app.git");
        Directory.CreateDirectory(Path.Combine(repository, "docker"));
        File.WriteAllText(Path.Combine(repository, "docker", "Dockerfile"), "FROM busybox\nCOPY note.txt /note.txt\nCMD [\"cat\", \"/note.txt\"]\n");
        File.WriteAllText(Path.Combine(repository, "docker", "note.txt"), "from the git context");
        foreach (var args in new[] { "init -q -b main", "add .", "-c user.email=t@example.com -c user.name=t commit -q -m init", "tag v1" })
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = repository };
            foreach (var a in args.Split(' ')) start.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(start)!;
            await p.WaitForExitAsync();
            Assert.That(p.ExitCode, Is.Zero, "git " + args);
        }
        var plan = Plans.Load($$"""
            steps:
              - build: -t taskrunner-it/{{RunId}}:git file://{{repository}}#v1:docker
              - id: show
                cmd: taskrunner-it/{{RunId}}:git
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("show"), Is.EqualTo(new[] { "from the git context" }));
        var head = new System.Diagnostics.ProcessStartInfo("git", "rev-parse v1^{commit}") { WorkingDirectory = repository, RedirectStandardOutput = true };
        using var revParse = System.Diagnostics.Process.Start(head)!;
        var commit = (await revParse.StandardOutput.ReadToEndAsync()).Trim();
        Assert.That(result.ImagesBuilt.Single().GitCommit, Is.EqualTo(commit).And.Match("^[0-9a-f]{40}$"), "acb's git-head-revision");
    }

    [Test]
    public async Task Buildkit_without_buildx_fails_with_a_clear_message()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\n");
        var plan = Plans.Load($$"""
            steps:
              - build: -t taskrunner-it/{{RunId}}:bk .
                env: ["DOCKER_BUILDKIT=1"]
            """, RunId);

        // A docker CLI that does not exist stands for one without the buildx plugin: the probe fails the same way.
        var result = await RunAsync(plan, Options, TestPorts.For(Engine) with { BuildKit = new BuildxCliBuilder(Path.Combine(Source, "no-such-docker")) });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(result.Steps[0].Error, Does.Contain("buildx' is not installed").And.Contain("remove DOCKER_BUILDKIT=1"));
    }

    [Test]
    public async Task Buildkit_builds_what_the_classic_builder_refuses_and_records_the_image()
    {
        var (code, _) = await DockerCli.RunAsync("buildx", "version");
        if (code != 0) Assert.Ignore("docker buildx is not installed here (tests/infra/services.sh up installs it)");
        Directory.CreateDirectory(Path.Combine(Source, "app"));
        File.WriteAllText(Path.Combine(Source, "app", "data.txt"), "context data\n");
        File.WriteAllText(Path.Combine(Source, "token.txt"), "from-a-build-secret");
        // RUN --mount is BuildKit's: the classic builder fails on it. --secret is buildx's, passed through.
        File.WriteAllText(Path.Combine(Source, "app", "Dockerfile"), """
            FROM busybox
            ARG GREETING
            COPY data.txt /data.txt
            RUN --mount=type=cache,target=/cache echo "$GREETING" > /greeting.txt
            RUN --mount=type=secret,id=tok cp /run/secrets/tok /tok.txt
            """);
        var tag = $"taskrunner-it/{RunId}:bk";
        var plan = Plans.Load($$"""
            steps:
              - id: bk
                build: -t {{tag}} --build-arg GREETING=hello-buildkit --secret id=tok,src=token.txt --label it.kind=buildkit -f app/Dockerfile app
                env: ["DOCKER_BUILDKIT=1"]
              - id: classic
                build: -t {{tag}}-classic -f app/Dockerfile app
                when: ["bk"]
                ignoreErrors: true
              - id: check
                cmd: {{tag}} sh -c 'cat /greeting.txt /data.txt /tok.txt; echo'
                when: ["bk"]
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(Step(result, "bk").Status, Is.EqualTo(StepStatus.Succeeded), Errors(result));
        Assert.That(Step(result, "classic").Status, Is.EqualTo(StepStatus.Failed), "the classic builder refuses RUN --mount, so the first build went through BuildKit");
        Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { "hello-buildkit", "context data", "from-a-build-secret" }));
        var (_, label) = await DockerCli.RunAsync("image", "inspect", "--format", "{{index .Config.Labels \"it.kind\"}}", tag);
        Assert.That(label.Trim(), Is.EqualTo("buildkit"));
        var built = result.ImagesBuilt.Single(i => i.StepId == "bk");
        Assert.That(built.ImageId, Does.Match("^sha256:[0-9a-f]{64}$"), "the summary lists the BuildKit image with its id");
        Assert.That(built.Tags, Is.EqualTo(new[] { tag }));
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
    public async Task A_build_after_a_cmd_step_sees_what_the_step_wrote_to_workspace()
    {
        File.WriteAllText(Path.Combine(Source, "from-source.txt"), "from the source directory\n");
        var tag = $"taskrunner-it/{RunId}:generated";
        // The first step writes a context (with its own .dockerignore) and a Dockerfile outside it, as a build tool
        // would; the build must read both from /workspace, as acb's docker build in /workspace does.
        var plan = Plans.Load($$"""
            steps:
              - id: generate
                cmd: busybox sh -c 'mkdir -p out/sub && echo generated > out/app.txt && echo secret > out/skip.txt && echo nested > out/sub/n.txt && printf "skip.txt\n" > out/.dockerignore && cp from-source.txt out/ && printf "FROM busybox\nCOPY . /app/\n" > Dockerfile.generated'
              - id: build
                build: -t {{tag}} -f Dockerfile.generated ./out
              - id: check
                cmd: {{tag}} sh -c 'cat /app/app.txt /app/sub/n.txt /app/from-source.txt; ls /app'
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var output = Events.OutputOf("check");
        Assert.That(output.Take(3), Is.EqualTo(new[] { "generated", "nested", "from the source directory" }));
        Assert.That(output.Skip(3), Does.Not.Contain("skip.txt"), ".dockerignore in the generated context is honoured");
        Assert.That(Directory.Exists(Path.Combine(Source, "out")), Is.False, "the user's source directory is untouched");
    }

    [Test]
    public async Task A_buildkit_build_after_a_cmd_step_sees_what_the_step_wrote_to_workspace()
    {
        var (code, _) = await DockerCli.RunAsync("buildx", "version");
        if (code != 0) Assert.Ignore("docker buildx is not installed here (tests/infra/services.sh up installs it)");
        var tag = $"taskrunner-it/{RunId}:bk-generated";
        var plan = Plans.Load($$"""
            steps:
              - id: generate
                cmd: busybox sh -c 'mkdir -p gen && echo made-by-a-step > gen/made.txt && printf "FROM busybox\nCOPY made.txt /made.txt\n" > gen/Dockerfile'
              - id: build
                build: -t {{tag}} gen
                env: ["DOCKER_BUILDKIT=1"]
              - id: check
                cmd: {{tag}} cat /made.txt
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("check"), Is.EqualTo(new[] { "made-by-a-step" }));
        Assert.That(Directory.Exists(Path.Combine(Source, "gen")), Is.False, "the user's source directory is untouched");
    }

    [Test]
    public async Task A_build_before_any_cmd_step_reads_theSource_directory_and_a_missing_context_is_clear()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\nCOPY a.txt /a.txt\n");
        File.WriteAllText(Path.Combine(Source, "a.txt"), "a\n");
        var plan = Plans.Load($$"""
            steps:
              - id: first
                build: -t taskrunner-it/{{RunId}}:first .
              - id: touch
                cmd: busybox true
              - id: missing
                build: -t taskrunner-it/{{RunId}}:missing ./not-there
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(Step(result, "first").Status, Is.EqualTo(StepStatus.Succeeded), Errors(result));
        Assert.That(Step(result, "missing").Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(Step(result, "missing").Error, Is.EqualTo("build: context directory './not-there' does not exist in /workspace"));
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
