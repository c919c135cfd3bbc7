using System.Diagnostics;
using System.Text.Json;

namespace TaskRunner.Cli.Tests;

/// <summary><c>taskrunner manifest</c> as a user runs it, against the real registry.</summary>
[Category("Integration")]
[NonParallelizable]
public partial class ManifestCommandTests
{
    private static string Registry => Environment.GetEnvironmentVariable("TASKRUNNER_REGISTRY") ?? "127.0.0.1:5000";
    private string _repo = null!;
    private DirectoryInfo _config = null!;
    private Dictionary<string, string> Env => new() { ["DOCKER_CONFIG"] = _config.FullName };

    [OneTimeSetUp]
    public void Images()
    {
        _repo = $"{Registry}/tr-cli-tests/manifest-{Guid.NewGuid():N}";
        _config = Directory.CreateTempSubdirectory("tr-cli-cfg");
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var dir = Directory.CreateTempSubdirectory("tr-cli-img");
            File.WriteAllText(Path.Combine(dir.FullName, "Dockerfile"), $"FROM taskrunner/busybox:{arch}\nLABEL test={_repo}\n");
            Shell.Run("docker", ["build", "-q", "-t", $"{_repo}:{arch}", dir.FullName], new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" });
            Shell.Docker("push", "-q", $"{_repo}:{arch}");
            Shell.Docker("rmi", "-f", $"{_repo}:{arch}");
            dir.Delete(true);
        }
    }

    [OneTimeTearDown]
    public async Task Cleanup()
    {
        _config.Delete(true);
        await RegistryCleanup.DeleteRepositoryAsync(_repo);
    }

    [Test]
    public void Create_then_push_as_oci_with_annotations_prints_the_digest_last()
    {
        var created = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", $"{_repo}:oci", $"{_repo}:arm64", $"{_repo}:amd64");
        Assert.That(created.ExitCode, Is.EqualTo(0), created.Stderr);
        Assert.That(created.Stdout, Does.Contain($"Created manifest list {_repo}:oci (2 images)"));
        Assert.That(Directory.GetDirectories(Path.Combine(_config.FullName, "manifests")), Is.Not.Empty, "kept in docker's store");

        var dry = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--dry-run", "--format", "oci", "--annotation", "org.opencontainers.image.title=demo", $"{_repo}:oci");
        Assert.That(dry.ExitCode, Is.EqualTo(0), dry.Stderr);
        using (var index = JsonDocument.Parse(dry.Stdout))
        {
            Assert.That(index.RootElement.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.image.index.v1+json"));
            var archs = index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString());
            Assert.That(archs, Is.EqualTo(new[] { "arm64", "amd64" }), "taskrunner keeps the order given");
            Assert.That(index.RootElement.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString(), Is.EqualTo("demo"));
        }

        var pushed = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--purge", "--format", "oci", "--annotation", "org.opencontainers.image.title=demo", $"{_repo}:oci");
        Assert.That(pushed.ExitCode, Is.EqualTo(0), pushed.Stderr);
        Assert.That(pushed.Stdout.Trim().Split('\n')[^1], Does.Match("^sha256:[0-9a-f]{64}$"));

        var inspected = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "inspect", $"{_repo}:oci");
        Assert.That(inspected.ExitCode, Is.EqualTo(0), inspected.Stderr);
        Assert.That(inspected.Stdout, Does.Contain("\"architecture\": \"arm64\"").And.Contain("\"architecture\": \"amd64\""));
    }

    [Test]
    public void Format_auto_gives_a_docker_list_for_docker_images_and_entry_annotations_reach_their_entry()
    {
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", $"{_repo}:auto", $"{_repo}:amd64", $"{_repo}:arm64").ExitCode, Is.EqualTo(0));
        var auto = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--dry-run", $"{_repo}:auto");
        Assert.That(auto.ExitCode, Is.EqualTo(0), auto.Stderr);
        using (var list = JsonDocument.Parse(auto.Stdout))
            Assert.That(list.RootElement.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.docker.distribution.manifest.list.v2+json"),
                "every image is a Docker manifest, so auto chooses the Docker list");

        var annotated = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--dry-run", "--format", "oci",
            "--entry-annotation", $"{_repo}:arm64=org.example.note=the arm one", $"{_repo}:auto");
        Assert.That(annotated.ExitCode, Is.EqualTo(0), annotated.Stderr);
        using (var index = JsonDocument.Parse(annotated.Stdout))
        {
            var entries = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
            Assert.That(entries[0].TryGetProperty("annotations", out _), Is.False, "the amd64 entry has none");
            Assert.That(entries[1].GetProperty("annotations").GetProperty("org.example.note").GetString(), Is.EqualTo("the arm one"));
        }
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "rm", $"{_repo}:auto").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Annotations_on_a_docker_list_are_an_error_not_a_silent_drop()
    {
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", $"{_repo}:docker", $"{_repo}:amd64").ExitCode, Is.EqualTo(0));
        var result = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--format", "docker", "--annotation", "a=b", $"{_repo}:docker");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("cannot carry annotations"));
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "rm", $"{_repo}:docker").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Flatten_adds_the_images_of_an_index()
    {
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", $"{_repo}:base", $"{_repo}:amd64", $"{_repo}:arm64").ExitCode, Is.EqualTo(0));
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--purge", $"{_repo}:base").ExitCode, Is.EqualTo(0));
        var refused = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", $"{_repo}:flat", $"{_repo}:base");
        Assert.That(refused.Stderr, Does.Contain("is a manifest list; use --flatten"));
        var flat = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", "--flatten", $"{_repo}:flat", $"{_repo}:base");
        Assert.That(flat.Stdout, Does.Contain("(2 images)"), flat.Stderr);
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "rm", $"{_repo}:flat").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Invalid_names_are_usage_errors()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", "Bad//Name", $"{_repo}:amd64");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("invalid reference format"));
    }
}
