using TaskRunner.Execution.Run;
using TaskRunner.Execution.Steps.Build;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>
/// Which engine runs each step under --platform-engine: builds by their --platform, pushes per image from the engine
/// of the build before them, everything else on the default engine; and the warnings for images that would have to
/// cross engines (TR4013) or a tag built on several (TR4014).
/// </summary>
public class EngineAssignmentTests
{
    private static readonly IReadOnlyList<PlatformEngineOption> ArmOnBox = PlatformEngineOption.ParseAll(["linux/arm64=arm-box"]);

    private const string MultiArch = """
        steps:
          - id: amd
            build: -t reg.example/app:amd64 --platform linux/amd64 -f dockerfile.amd64 .
          - id: arm
            build: -t reg.example/app:arm64 --platform=linux/aarch64 -f dockerfile.arm64 .
          - id: plain
            build: -t reg.example/app:native .
          - id: push
            push: [reg.example/app:arm64, reg.example/app:amd64, "reg.example/app:native"]
          - id: index
            cmd: docker manifest create reg.example/app:latest reg.example/app:arm64 reg.example/app:amd64
        """;

    [Test]
    public void A_buildkit_build_asked_for_with_any_true_value_is_still_routed_by_its_platform()
    {
        // Found in review: only DOCKER_BUILDKIT=1 was read as BuildKit here, so with "true" a buildx-only flag made the
        // arguments unreadable and the step stayed on the default engine without a word.
        var plan = Plans.Load("""
            steps:
              - id: arm
                build: -t reg.example/app:arm64 --platform linux/arm64 --secret id=x,src=x.txt .
                env: [DOCKER_BUILDKIT=true]
            """, "r1");

        Assert.That(EngineAssignment.Assign(plan, ArmOnBox).EngineOf("arm"), Is.EqualTo("arm-box"));
    }

    [Test]
    public void A_build_whose_platform_matches_runs_on_that_engine_and_the_rest_on_the_default_one()
    {
        var plan = Plans.Load(MultiArch, "r1");

        var assignment = EngineAssignment.Assign(plan, ArmOnBox);

        Assert.That(plan.Steps.Select(s => (s.Id, assignment.EngineOf(s.Id))), Is.EqualTo(new (string, string?)[]
        {
            ("amd", null), ("arm", "arm-box"), ("plain", null), ("push", null), ("index", null),
        }));
        Assert.That(assignment.PlatformEnginesUsed, Is.EqualTo(new[] { "arm-box" }));
        Assert.That(assignment.StepsOn("arm-box"), Is.EqualTo(new[] { "arm" }));
        Assert.That(assignment.Diagnostics, Is.Empty);
    }

    [Test]
    public void Each_pushed_image_goes_from_the_engine_that_built_it()
    {
        var plan = Plans.Load(MultiArch, "r1");

        var assignment = EngineAssignment.Assign(plan, ArmOnBox);

        Assert.That(assignment.PushEngineOf("push", "reg.example/app:arm64"), Is.EqualTo("arm-box"));
        Assert.That(assignment.PushEngineOf("push", "reg.example/app:amd64"), Is.Null);
        Assert.That(assignment.PushEngineOf("push", "reg.example/app:native"), Is.Null);
        Assert.That(assignment.Describe(plan["push"]), Is.EqualTo("arm-box, default"));
        Assert.That(assignment.Describe(plan["index"]), Is.EqualTo("default"));
    }

    [Test]
    public void Without_options_every_step_is_on_the_default_engine_and_nothing_is_said()
    {
        var assignment = EngineAssignment.Assign(Plans.Load(MultiArch, "r1"), []);

        Assert.That(assignment.HasPlatformEngines, Is.False);
        Assert.That(assignment.PlatformEnginesUsed, Is.Empty);
        Assert.That(assignment.PushEngineOf("push", "reg.example/app:arm64"), Is.Null);
    }

    [Test]
    public void A_build_for_a_platform_no_option_names_or_for_several_stays_on_the_default_engine()
    {
        var plan = Plans.Load("""
            steps:
              - id: s390
                build: -t a:1 --platform linux/s390x .
              - id: both
                build: -t a:2 --platform linux/amd64,linux/arm64 .
                env: [DOCKER_BUILDKIT=1]
              - id: bk
                build: -t a:3 --platform linux/arm64 .
                env: [DOCKER_BUILDKIT=1]
            """, "r1");

        var assignment = EngineAssignment.Assign(plan, ArmOnBox);

        Assert.That(assignment.EngineOf("s390"), Is.Null);
        Assert.That(assignment.EngineOf("both"), Is.Null);
        Assert.That(assignment.EngineOf("bk"), Is.EqualTo("arm-box"), "a BuildKit build for the platform goes there too");
    }

    [Test]
    public void A_platform_engine_that_is_the_context_named_default_is_not_taken_for_the_runs_own_engine()
    {
        // Found in review: `run --context remote --platform-engine linux/arm64=default` crosses engines too.
        var plan = Plans.Load("""
            steps:
              - id: arm
                build: -t reg.example/app:arm64 --platform linux/arm64 .
              - id: check
                cmd: reg.example/app:arm64 uname -m
            """, "r1");

        var diagnostic = EngineAssignment.Assign(plan, PlatformEngineOption.ParseAll(["linux/arm64=default"])).Diagnostics.Single();

        Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticCodes.ImageFromOtherEngine));
        Assert.That(diagnostic.Message, Does.Contain("builds on engine default (--platform-engine linux/arm64=default); this step runs on the default engine"));
    }

    [Test]
    public void A_cmd_step_running_an_image_built_on_another_engine_is_explained_with_its_position()
    {
        var plan = Plans.Load("""
            steps:
              - id: arm
                build: -t reg.example/app:arm64 --platform linux/arm64 .
              - id: check
                cmd: reg.example/app:arm64 uname -m
            """, "r1");

        var diagnostic = EngineAssignment.Assign(plan, ArmOnBox).Diagnostics.Single();

        Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticCodes.ImageFromOtherEngine));
        Assert.That(diagnostic.Severity, Is.EqualTo(Severity.Warning));
        Assert.That(diagnostic.Span.ToString(), Is.EqualTo("acr-task.yaml:5:10"));
        Assert.That(diagnostic.Message, Does.Contain("step 'check' runs image 'reg.example/app:arm64', which step 'arm' builds on engine arm-box (--platform-engine linux/arm64=arm-box); this step runs on the default engine"));
        Assert.That(diagnostic.Message, Does.Contain("no earlier step pushes it"));
    }

    [Test]
    public void A_cmd_step_after_a_push_of_that_image_is_told_it_pulls_it_and_how_a_stale_copy_is_avoided()
    {
        var plan = Plans.Load("""
            steps:
              - id: arm
                build: -t reg.example/app:arm64 --platform linux/arm64 .
              - push: [reg.example/app:arm64]
              - id: check
                cmd: reg.example/app:arm64 uname -m
              - id: pulled
                cmd: reg.example/app:arm64 uname -m
                pull: true
            """, "r1");

        var diagnostics = EngineAssignment.Assign(plan, ArmOnBox).Diagnostics;

        Assert.That(diagnostics, Has.Count.EqualTo(2));
        Assert.That(diagnostics[0].Message, Does.Contain("it is pulled from the registry, where an earlier push step sends it (a copy of that tag already on the default engine would be used instead; set pull: true"));
        Assert.That(diagnostics[1].Message, Does.Contain("it is pulled from the registry, where an earlier push step sends it (pull: true)"));
    }

    [Test]
    public void A_step_that_does_not_run_after_the_build_is_not_told_about_it()
    {
        var plan = Plans.Load("""
            steps:
              - id: check
                cmd: reg.example/app:arm64 uname -m
              - id: arm
                build: -t reg.example/app:arm64 --platform linux/arm64 .
              - id: parallel
                cmd: reg.example/app:arm64 true
                when: ["check"]
            """, "r1");

        Assert.That(EngineAssignment.Assign(plan, ArmOnBox).Diagnostics, Is.Empty);
    }

    [Test]
    public void A_build_FROM_an_image_of_another_engine_is_explained()
    {
        var plan = Plans.Load("""
            steps:
              - id: arm
                build: -t reg.example/base:arm64 --platform linux/arm64 .
              - id: app
                build: -t reg.example/app:amd64 -f app.Dockerfile .
            """, "r1");

        var assignment = EngineAssignment.Assign(plan, ArmOnBox, step => step.Id == "app" ? ["reg.example/base:arm64"] : []);

        var diagnostic = assignment.Diagnostics.Single();
        Assert.That(diagnostic.Code, Is.EqualTo("TR4013"));
        Assert.That(diagnostic.Message, Does.StartWith("step 'app' builds FROM 'reg.example/base:arm64', which step 'arm' builds on engine arm-box"));
    }

    [Test]
    public void A_build_FROM_an_image_of_its_own_engine_needs_nothing()
    {
        var plan = Plans.Load("""
            steps:
              - id: base
                build: -t reg.example/base:arm64 --platform linux/arm64 .
              - id: app
                build: -t reg.example/app:arm64 --platform linux/arm64 -f app.Dockerfile .
            """, "r1");

        Assert.That(EngineAssignment.Assign(plan, ArmOnBox, _ => ["reg.example/base:arm64"]).Diagnostics, Is.Empty);
    }

    [Test]
    public void The_bases_are_read_from_the_steps_Dockerfile_in_the_source_directory()
    {
        var source = Directory.CreateTempSubdirectory("taskrunner-bases-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(source, "app"));
            File.WriteAllText(Path.Combine(source, "app", "build.Dockerfile"), "ARG V=arm64\nFROM reg.example/base:${V} AS b\nFROM scratch\nCOPY --from=b /x /x\n");
            var plan = Plans.Load("""
                steps:
                  - id: app
                    build: -t reg.example/app:1 -f build.Dockerfile .
                    workingDirectory: app
                """, "r1");

            Assert.That(SourceDockerfileBases.Read(plan["app"], source), Is.EqualTo(new[] { "reg.example/base:arm64" }));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Test]
    public void A_tag_built_on_two_engines_is_pushed_from_the_last_builds_engine_with_a_warning()
    {
        var plan = Plans.Load("""
            steps:
              - id: amd
                build: -t reg.example/app:latest --platform linux/amd64 .
              - id: arm
                build: -t reg.example/app:latest --platform linux/arm64 .
              - push:
                  - reg.example/app:latest
            """, "r1");

        var assignment = EngineAssignment.Assign(plan, ArmOnBox);

        Assert.That(assignment.PushEngineOf(plan.Steps[2].Id, "reg.example/app:latest"), Is.EqualTo("arm-box"));
        var diagnostic = assignment.Diagnostics.Single();
        Assert.That(diagnostic.Code, Is.EqualTo(DiagnosticCodes.PushBuiltOnSeveralEngines));
        Assert.That(diagnostic.Span.ToString(), Is.EqualTo("acr-task.yaml:7:9"));
        Assert.That(diagnostic.Message, Does.Contain("the push sends the one of the last build, 'arm', from engine arm-box"));
    }

    [Test]
    public void A_build_naming_a_network_needs_it_only_on_the_engine_it_runs_on()
    {
        var plan = Plans.Load("""
            networks:
              - name: builders
            steps:
              - id: arm
                build: -t a:1 --platform linux/arm64 --network builders .
            """, "r1");

        Assert.That(RunWorkspace.NeedsEngineObjects(plan, manifestsInProcess: true), Is.True, "on one engine");
        Assert.That(RunWorkspace.NeedsEngineObjects(plan, manifestsInProcess: true, EngineAssignment.Assign(plan, ArmOnBox)), Is.False,
            "with the build on arm-box, the default engine gets nothing");
    }
}
