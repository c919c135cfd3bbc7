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

/// <summary>Build steps on the real engine: Dockerfiles, contexts, platforms, BuildKit, git contexts and what a build reads from /workspace.</summary>
[TestFixture]
[Category("Integration")]
public sealed class BuildStepTests : EngineTest
{
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
        Assert.That(result.Steps[0].Error, Does.Contain("buildx' is not installed").And.Contain("remove DOCKER_BUILDKIT"));
    }

    [Test]
    public async Task Buildkit_is_asked_for_with_any_true_value_and_a_value_the_docker_cli_refuses_fails_the_step()
    {
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox\n");
        var ports = TestPorts.For(Engine) with { BuildKit = new BuildxCliBuilder(Path.Combine(Source, "no-such-docker")) };
        // "true" reaches the BuildKit path (here: a docker CLI without buildx), as the docker CLI reads it.
        var asked = await RunAsync(Plans.Load($$"""
            steps:
              - build: -t taskrunner-it/{{RunId}}:bk .
                env: ["DOCKER_BUILDKIT=true"]
            """, RunId), Options, ports);
        Assert.That(asked.Steps[0].Error, Does.Contain("buildx' is not installed"));

        var refused = await RunAsync(Plans.Load($$"""
            steps:
              - build: -t taskrunner-it/{{RunId}}:bk .
                env: ["DOCKER_BUILDKIT=yes"]
            """, RunId), Options, ports);
        Assert.That(refused.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(refused.Steps[0].Error, Does.Contain("DOCKER_BUILDKIT=yes").And.Contain("expects a boolean value"));
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
}
