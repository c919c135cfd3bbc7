using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Validation;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// TR4011: one Dockerfile and context built with the classic builder for two platforms (Azure/acr#610). acb accepts
/// such a task (`acb exec --dry-run --debug` runs both `docker build --platform` steps), so it is a warning only.
/// </summary>
public class PlatformCacheLintTests
{
    private static IReadOnlyList<TaskRunner.Tasks.Diagnostics.Diagnostic> Warnings(string text) =>
        Load.Warnings(Load.Text(text)).Where(w => w.Code == DiagnosticCodes.PlatformBuildCache).ToList();

    [Test]
    public void The_same_context_for_two_platforms_warns_at_the_second_build()
    {
        var warnings = Warnings("version: v1.1.0\nsteps:\n- build: -t app:amd64 --platform linux/amd64 .\n- build: -t app:arm64 --platform linux/arm64 .\n");
        var warning = warnings.Single();
        Assert.That((warning.Span.Line, warning.Span.Column), Is.EqualTo((4, 10)));
        Assert.That(warning.Message, Does.Contain("--platform linux/arm64").And.Contain("line 3 for --platform linux/amd64")
            .And.Contain("Azure/acr#610").And.Contain("ACR does neither").And.Contain("--pull"));
    }

    [Test]
    public void The_same_dockerfile_written_differently_is_the_same_build()
    {
        Assert.That(Warnings("steps:\n- build: -f ./Dockerfile --platform linux/amd64 ./\n- build: --platform=linux/arm64 -f Dockerfile .\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Different_dockerfiles_contexts_or_one_platform_do_not_warn()
    {
        Assert.That(Warnings("steps:\n- build: -f Dockerfile.amd64 --platform linux/amd64 .\n- build: -f Dockerfile.arm64 --platform linux/arm64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform linux/amd64 amd64\n- build: --platform linux/arm64 arm64\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: -t a --platform linux/arm64 .\n- build: -t b --platform linux/arm64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: -t a .\n- build: -t b --platform linux/arm64 .\n"), Is.Empty);
    }

    [Test]
    public void Pull_buildkit_or_cache_enabled_on_the_later_build_does_not_warn()
    {
        Assert.That(Warnings("steps:\n- build: --platform linux/amd64 .\n- build: --pull --platform linux/arm64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n  env: [DOCKER_BUILDKIT=1]\n"), Is.Empty);
        Assert.That(Warnings("env: [DOCKER_BUILDKIT=1]\nsteps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n  cache: enabled\n"), Is.Empty);
    }

    [Test]
    public void BuildKit_asked_for_with_any_value_the_docker_cli_reads_as_true_does_not_warn()
    {
        foreach (var value in new[] { "1", "t", "T", "true", "TRUE", "True" })
            Assert.That(Warnings($"steps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n  env: [DOCKER_BUILDKIT={value}]\n"), Is.Empty, value);
        foreach (var value in new[] { "0", "false", "", "yes" })
            Assert.That(Warnings($"steps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n  env: [DOCKER_BUILDKIT={value}]\n"), Has.Count.EqualTo(1), value);
        // The step's own value beats the task's.
        Assert.That(Warnings("env: [DOCKER_BUILDKIT=true]\nsteps:\n- build: --platform linux/amd64 .\n  env: [DOCKER_BUILDKIT=0]\n- build: --platform linux/arm64 .\n  env: [DOCKER_BUILDKIT=False]\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Platforms_written_differently_are_compared_as_the_engine_reads_them()
    {
        Assert.That(Warnings("steps:\n- build: --platform linux/arm64 .\n- build: --platform arm64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform linux/aarch64 .\n- build: --platform Linux/ARM64/v8 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform amd64 .\n- build: --platform linux/x86_64 .\n"), Is.Empty);
        Assert.That(Warnings("steps:\n- build: --platform amd64 .\n- build: --platform arm64 .\n"), Has.Count.EqualTo(1));
        Assert.That(Warnings("steps:\n- build: --platform linux/arm/v6 .\n- build: --platform linux/arm/v7 .\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Back_to_the_first_platform_after_a_pulled_build_warns_again()
    {
        // The --pull build moves the engine's copy of the base to arm64; the amd64 build after it meets that copy.
        var warnings = Warnings("steps:\n- build: --platform linux/amd64 .\n- build: --pull --platform linux/arm64 .\n- build: --platform linux/amd64 .\n");
        Assert.That(warnings.Single().Span.Line, Is.EqualTo(4));
    }

    [Test]
    public void It_is_a_warning_and_the_task_still_loads()
    {
        var result = Load.Text("steps:\n- build: --platform linux/amd64 .\n- build: --platform linux/arm64 .\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan, Is.Not.Null);
    }
}
