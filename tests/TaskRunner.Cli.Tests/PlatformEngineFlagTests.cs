namespace TaskRunner.Cli.Tests;

/// <summary>
/// --platform-engine on the command line, without any engine: malformed values are usage errors (exit 2) on run,
/// validate and graph; validate explains a step that needs an image built on another engine (TR4013, with its
/// position, in every format); graph shows the engine of each step.
/// </summary>
public class PlatformEngineFlagTests
{
    private string _directory = null!;

    private const string Task = """
        version: v1.1.0
        steps:
        - id: arm
          build: -t {{.Run.Registry}}/app:arm64 --platform linux/arm64 -f first.Dockerfile .
        - id: derived
          build: -t {{.Run.Registry}}/app:derived -f derived.Dockerfile .
        - id: check
          cmd: "{{.Run.Registry}}/app:arm64 uname -m"
        """;

    [SetUp]
    public void WriteTask()
    {
        _directory = Directory.CreateTempSubdirectory("tr-platform-engine").FullName;
        File.WriteAllText(Path.Combine(_directory, "acr-task.yaml"), Task);
        File.WriteAllText(Path.Combine(_directory, "first.Dockerfile"), "FROM arm64v8/busybox\n");
        File.WriteAllText(Path.Combine(_directory, "derived.Dockerfile"), "ARG REGISTRY\nFROM reg.example/app:arm64\n");
        // An empty docker config: no context but the default one exists.
        Directory.CreateDirectory(Path.Combine(_directory, "docker-config"));
    }

    [TearDown]
    public void RemoveTask() => Directory.Delete(_directory, recursive: true);

    private TaskRunnerProcess.Result Run(params string[] args) =>
        TaskRunnerProcess.Run(_directory, new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(_directory, "docker-config"), ["DOCKER_HOST"] = "" }, args);

    [TestCase("linux/arm64", "--platform-engine needs PLATFORM=ENGINE (such as linux/arm64=my-arm-box), not 'linux/arm64'")]
    [TestCase("linux/arm64/v8/x=box", "--platform-engine linux/arm64/v8/x=box: 'linux/arm64/v8/x' is not a platform: expected OS/ARCH[/VARIANT], such as linux/arm64")]
    [TestCase("linux/arm64=nowhere", "--platform-engine linux/arm64=nowhere: docker context \"nowhere\" does not exist")]
    [TestCase("linux/arm64=ftp://box", "--platform-engine linux/arm64=ftp://box: DOCKER_HOST 'ftp://box' is not an engine address")]
    public void A_bad_value_is_a_usage_error_on_run_validate_and_graph(string value, string message)
    {
        foreach (var command in new[] { new[] { "run", "--dry-run" }, ["validate"], ["graph"] })
        {
            var result = Run([.. command, "--platform-engine", value]);

            Assert.That(result.ExitCode, Is.EqualTo(2), $"{command[0]}: {result.Stdout}{result.Stderr}");
            Assert.That(result.Stderr, Does.Contain("taskrunner: " + message), command[0]);
            Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [Test]
    public void Validate_explains_each_step_that_would_need_an_image_from_another_engine()
    {
        var result = Run("validate", "-r", "reg.example", "--platform-engine", "linux/arm64=tcp://10.9.9.9:2376", "acr-task.yaml");

        Assert.That(result.ExitCode, Is.Zero, "warnings only: " + result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.Contain("acr-task.yaml:6:10: warning TR4013: step 'derived' builds FROM 'reg.example/app:arm64', which step 'arm' builds on engine tcp://10.9.9.9:2376 (--platform-engine linux/arm64=tcp://10.9.9.9:2376); this step runs on the default engine"));
        Assert.That(result.Stdout, Does.Contain("acr-task.yaml:8:8: warning TR4013: step 'check' runs image 'reg.example/app:arm64'"));
        Assert.That(result.Stderr, Does.Contain("1 file checked: 0 errors, 2 warnings"));

        var strict = Run("validate", "--strict", "--format", "json", "-r", "reg.example", "--platform-engine", "linux/arm64=tcp://10.9.9.9:2376", "acr-task.yaml");
        Assert.That(strict.ExitCode, Is.EqualTo(1));
        Assert.That(strict.Stdout, Does.Contain("\"code\": \"TR4013\"").Or.Contain("\"code\":\"TR4013\""));
    }

    [Test]
    public void Without_the_flag_validate_says_nothing_about_engines()
    {
        var result = Run("validate", "-r", "reg.example", "acr-task.yaml");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("TR4013"));
    }

    [Test]
    public void Graph_shows_the_engine_of_each_step()
    {
        var result = Run("graph", "-r", "reg.example", "--platform-engine", "aarch64=ssh://me@arm-box");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("arm: build -t reg.example/app:arm64 --platform linux/arm64 -f first.Dockerfile .\n  after: (start)\n  engine: ssh://me@arm-box\n"));
        Assert.That(result.Stdout, Does.Contain("check: cmd reg.example/app:arm64 uname -m\n  after: derived\n  engine: default\n"));
        Assert.That(result.Stderr, Does.Contain("warning TR4013"));

        var mermaid = Run("graph", "-r", "reg.example", "--format", "mermaid", "--platform-engine", "aarch64=ssh://me@arm-box");
        Assert.That(mermaid.Stdout, Does.Contain("[engine: ssh://me@arm-box]"));
    }
}
