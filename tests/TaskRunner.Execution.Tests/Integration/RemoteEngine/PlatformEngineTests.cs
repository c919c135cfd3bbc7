using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>
/// `taskrunner run --platform-engine linux/arm64=ENGINE` with a second dockerd of the test's own as the arm64 engine
/// (<see cref="SecondEngine"/>: TLS on 127.0.0.1, its own bridge; the genuine arm64 busybox loaded into it with
/// docker save | docker load) and the shared engine as the default one. The seed's multi-arch task: the arm64 image
/// is built on the second engine only (its RUN under qemu says aarch64), the amd64 one on the shared engine only, and
/// the index that docker manifest makes in the registry holds both. An interrupt during such a run leaves nothing on
/// either engine; a platform engine with a wrong certificate or none listening fails the run at once, naming it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class PlatformEngineTests
{
    private const string Registry = "127.0.0.1:5000";
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(30);

    private string _root = null!;
    private TestCertificates? _certificates;
    private SecondEngine? _engine;
    private string _config = null!;
    private string _source = null!;
    private string _runId = null!;
    private readonly List<string> _imagesOnLocal = [];

    private SecondEngine Engine => _engine!;
    private string Repository => $"{Registry}/taskrunner-pe-{_runId}";

    [OneTimeSetUp]
    public async Task StartSecondEngine()
    {
        if (Environment.UserName != "root") Assert.Ignore("a second dockerd and its bridge need root");
        _root = Path.Combine(Path.GetTempPath(), "taskrunner-pe-" + Guid.NewGuid().ToString("N")[..8]);
        _certificates = new TestCertificates("taskrunner platform engine test CA");
        _engine = await SecondEngine.StartAsync(Path.Combine(_root, "engine"), _certificates);
        // The genuine arm64 busybox, from the shared engine (nothing is pulled).
        var (loaded, output) = await Shell.RunAsync("sh", null, "-c",
            $"docker save arm64v8/busybox:latest | DOCKER_HOST='{Engine.Host}' DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH='{Engine.ClientCerts}' docker load");
        if (loaded != 0) throw new InvalidOperationException("loading arm64v8/busybox into the second engine: " + output);
        // A docker config of the test's own, with the second engine as the context "arm-box", made by the docker CLI.
        _config = Directory.CreateDirectory(Path.Combine(_root, "docker-config")).FullName;
        await Shell.CheckedAsync("docker", "--config", _config, "context", "create", "arm-box", "--docker",
            $"host={Engine.Host},ca={Engine.ClientCerts}/ca.pem,cert={Engine.ClientCerts}/cert.pem,key={Engine.ClientCerts}/key.pem");
    }

    [OneTimeTearDown]
    public async Task StopSecondEngine()
    {
        if (_engine is not null) await _engine.DisposeAsync();
        _certificates?.Dispose();
        if (_root is not null && Directory.Exists(_root)) await Shell.RunAsync("rm", null, "-rf", _root);
    }

    [SetUp]
    public void NewSource()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-pe-src-").FullName;
        _runId = "trpe" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(_source, "dockerfile.amd64"), "FROM amd64/busybox\nRUN echo \"RUN executed on $(uname -m)\" > /arch.txt\nCMD [\"cat\", \"/arch.txt\"]\n");
        File.WriteAllText(Path.Combine(_source, "dockerfile.arm64"), "FROM arm64v8/busybox\nRUN echo \"RUN executed on $(uname -m)\" > /arch.txt\nCMD [\"cat\", \"/arch.txt\"]\n");
    }

    [TearDown]
    public async Task RemoveWhatTheTestMade()
    {
        Directory.Delete(_source, recursive: true);
        foreach (var image in _imagesOnLocal) await DockerCli.RunAsync("rmi", "-f", image);
        _imagesOnLocal.Clear();
        // Every tag of the test's repository the local engine holds (the amd64 builds of the default engine among them).
        var (_, local) = await DockerCli.RunAsync("images", "--format", "{{.Repository}}:{{.Tag}}", Repository);
        foreach (var tag in local.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await DockerCli.RunAsync("rmi", "-f", tag.Trim());
        var (_, images) = await Engine.DockerAsync("images", "-q", $"{Repository}");
        foreach (var id in images.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await Engine.DockerAsync("rmi", "-f", id.Trim());
        await Shell.RunAsync("sh", null, "-c", RunNames.RemoveCommands(_runId) + " 2>/dev/null");
        await RegistryCleanup.DeleteRepositoryAsync(Repository);
    }

    /// <summary>The seed's task with --platform on each build (tags in a repository of the test's own).</summary>
    private void WriteMultiArchTask(string extraSteps = "") => File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), $$$"""
        version: v1.1.0
        steps:
        - id: amd
          build: -t {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:amd64 --platform linux/amd64 -f dockerfile.amd64 .
        - id: arm
          build: -t {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64 --platform linux/arm64 -f dockerfile.arm64 .
          when: ["-"]
        - id: push
          push:
            - {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64
            - {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:amd64
          when: ["amd", "arm"]
        - id: create
          cmd: >
            docker manifest create
            {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:latest
            {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64
            {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:amd64
        - id: index
          cmd: docker manifest push --purge {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:latest
        {{{extraSteps}}}
        """);

    [Test]
    public async Task The_arm64_build_runs_on_its_engine_the_amd64_one_on_the_default_and_the_index_combines_both()
    {
        WriteMultiArchTask();
        var report = Path.Combine(_source, "report.json");

        var (exit, stdout, stderr, _) = await RunAsync(["--platform-engine", "linux/arm64=arm-box", "--report", report]);

        Assert.That(exit, Is.Zero, stdout + stderr);
        var arm = $"{Repository}:arm64";
        var amd = $"{Repository}:amd64";
        Assert.That((await Engine.DockerAsync("image", "inspect", "--format", "{{.Architecture}}", arm)).Output.Trim(), Is.EqualTo("arm64"), "built on the arm64 engine");
        Assert.That((await DockerCli.RunAsync("image", "inspect", arm)).ExitCode, Is.Not.Zero, "the arm64 image never reached the default engine");
        Assert.That((await DockerCli.RunAsync("image", "inspect", "--format", "{{.Architecture}}", amd)).Output.Trim(), Is.EqualTo("amd64"), "built on the default engine");
        _imagesOnLocal.Add(amd);
        Assert.That((await Engine.DockerAsync("image", "inspect", amd)).ExitCode, Is.Not.Zero, "the amd64 image never reached the arm64 engine");
        Assert.That(stdout, Does.Contain("[arm] started on engine arm-box: docker build"));
        Assert.That(stdout, Does.Contain("[amd] started on engine default: docker build"));
        Assert.That(stdout, Does.Contain($"[push] Pushing image: {arm} (from engine arm-box)"));

        // The index in the registry: one manifest per platform, each the digest its engine pushed.
        var platforms = await IndexPlatformsAsync($"taskrunner-pe-{_runId}", "latest");
        Assert.That(platforms, Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));
        // The arm64 image's RUN ran as aarch64 (qemu's binfmt handler), taken from the index for linux/arm64.
        var (ran, output) = await DockerCli.RunAsync("run", "--rm", "--platform", "linux/arm64", $"{Repository}:latest");
        _imagesOnLocal.Add($"{Repository}:latest");
        Assert.That(ran, Is.Zero, output);
        Assert.That(output, Does.Contain("RUN executed on aarch64"));

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var engines = json.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("engine").GetString());
        Assert.That(engines["arm"], Is.EqualTo("arm-box"));
        Assert.That(engines["amd"], Is.EqualTo("default"));
        Assert.That(engines["push"], Is.EqualTo("arm-box, default"));
        Assert.That(engines["index"], Is.EqualTo("default"));
        Assert.That(await LabelledAsync(), Is.Empty, "nothing of the run is left on either engine");
    }

    [Test]
    public async Task A_BuildKit_build_for_the_platform_runs_on_its_engine_through_the_docker_CLI()
    {
        // BuildKit builds run the docker CLI (buildx): it must be pointed at the platform engine, not the default one.
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), """
            version: v1.1.0
            steps:
            - id: arm
              build: -t {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64 --platform linux/arm64 -f dockerfile.arm64 .
              env: ["DOCKER_BUILDKIT=1"]
            - id: check
              cmd: busybox echo done
            """);

        var (exit, stdout, stderr, _) = await RunAsync(["--platform-engine", "linux/arm64=arm-box"]);

        Assert.That(exit, Is.Zero, stdout + stderr);
        var arm = $"{Repository}:arm64";
        Assert.That((await Engine.DockerAsync("image", "inspect", "--format", "{{.Architecture}}", arm)).Output.Trim(), Is.EqualTo("arm64"), "built by the arm64 engine's BuildKit");
        Assert.That((await DockerCli.RunAsync("image", "inspect", arm)).ExitCode, Is.Not.Zero, "nothing was built on the default engine");
        Assert.That(stdout, Does.Contain("[arm] started on engine arm-box: docker build"));
        Assert.That(stdout, Does.Contain("[check] done"), "the cmd step ran on the default engine");
        var (ran, output) = await Engine.DockerAsync("run", "--rm", arm);
        Assert.That(ran, Is.Zero, output);
        Assert.That(output, Does.Contain("RUN executed on aarch64"), "the RUN ran as aarch64 on that engine");
        Assert.That(await LabelledAsync(), Is.Empty, "nothing of the run is left on either engine");
    }

    [Test]
    public async Task A_cmd_step_gets_the_arm64_image_through_the_registry_after_the_push_with_the_warning_saying_so()
    {
        WriteMultiArchTask("""
            - id: check
              cmd: {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64
              when: ["push"]
              pull: true
            """);

        var (exit, stdout, stderr, _) = await RunAsync(["--platform-engine", "linux/arm64=arm-box"]);
        _imagesOnLocal.Add($"{Repository}:arm64");

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stderr, Does.Contain("acr-task.yaml:22:8: warning TR4013: step 'check' runs image"));
        Assert.That(stderr, Does.Contain("it is pulled from the registry, where an earlier push step sends it (pull: true)"));
        Assert.That(stdout, Does.Contain("[check] RUN executed on aarch64"));
        Assert.That(await LabelledAsync(), Is.Empty);
    }

    [Test]
    public async Task An_interrupt_during_the_arm64_build_leaves_nothing_on_either_engine()
    {
        File.WriteAllText(Path.Combine(_source, "dockerfile.arm64"), "FROM arm64v8/busybox\nRUN uname -m && sleep 60\n");
        // A cmd step on the default engine at the same time: the run has a network, volumes and a container there.
        WriteMultiArchTask("""
            - id: waiting
              cmd: busybox sleep 60
              when: ["-"]
            """);
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["DOCKER_HOST"] = "" };
        using var process = TaskRunnerProcess.Start(_source, null, environment,
            "run", "--progress", "plain", "--verbose", "--id", _runId, "-r", Registry, "--platform-engine", "linux/arm64=arm-box", ".");

        // Interrupted once the arm64 build's RUN runs on the second engine.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!process.Stdout.Contains("[arm] aarch64", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the arm64 build never ran its RUN\n" + process.Stdout + process.Stderr);
            await Task.Delay(200);
        }
        Assert.That((await Engine.DockerAsync("ps", "-aq")).Output.Trim(), Is.Not.Empty, "the build's container runs on the second engine");
        await process.InterruptAsync();
        var exit = await process.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.That(exit, Is.EqualTo(130), process.Stdout + process.Stderr);
        Assert.That(await LabelledAsync(), Is.Empty, process.Stdout);
        Assert.That((await Engine.DockerAsync("ps", "-aq")).Output.Trim(), Is.Empty, "no build container is left on the second engine");
        Assert.That((await Engine.DockerAsync("image", "inspect", $"{Repository}:arm64")).ExitCode, Is.Not.Zero, "the interrupted build tagged nothing");
    }

    [Test]
    public async Task A_platform_engine_with_a_certificate_from_another_CA_fails_at_once_naming_it()
    {
        WriteMultiArchTask();
        using var other = new TestCertificates("another CA");
        var folder = _certificates!.WriteClientFolder(Path.Combine(_source, "wrong-ca"), other.AuthorityPem);
        // A context, as DOCKER_TLS_VERIFY and DOCKER_CERT_PATH would apply to the default engine too.
        await Shell.CheckedAsync("docker", "--config", _config, "context", "create", "wrong-ca-" + _runId, "--docker",
            $"host={Engine.Host},ca={folder}/ca.pem,cert={folder}/cert.pem,key={folder}/key.pem");

        var (exit, stdout, stderr, elapsed) = await RunAsync(["--platform-engine", $"linux/arm64=wrong-ca-{_runId}"]);
        await Shell.CheckedAsync("docker", "--config", _config, "context", "rm", "wrong-ca-" + _runId);

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"taskrunner: platform engine wrong-ca-{_runId} (--platform-engine linux/arm64=wrong-ca-{_runId}): "
            + $"cannot reach the Docker engine at {Engine.Host} (context wrong-ca-{_runId}, TLS): TLS: the engine's certificate (CN=localhost, issued by CN=taskrunner platform engine test CA) is not signed by the CA in {_config}/contexts/tls/"));
        Assert.That(stderr, Does.Not.Match(@"\n\s+at \S+\("), "no stack trace");
        Assert.That(elapsed, Is.LessThan(AtOnce));
        Assert.That(await LabelledAsync(), Is.Empty, "nothing was made before the engines answered");
    }

    [Test]
    public async Task An_unreachable_platform_engine_fails_at_once_naming_it()
    {
        WriteMultiArchTask();
        var port = Shell.FreeLoopbackPort();

        var (exit, stdout, stderr, elapsed) = await RunAsync(["--platform-engine", $"aarch64=tcp://127.0.0.1:{port}"]);

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"taskrunner: platform engine tcp://127.0.0.1:{port} (--platform-engine linux/arm64=tcp://127.0.0.1:{port}): cannot reach the Docker engine at tcp://127.0.0.1:{port} (context default): Connection refused"));
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    [Test]
    public async Task What_an_earlier_run_left_on_the_platform_engine_goes_before_the_run_and_networks_its_builds_name_are_made_there()
    {
        // An earlier run with this id left a network on the second engine.
        await Engine.DockerAsync("network", "create", "--label", $"io.taskrunner.run={_runId}", $"taskrunner-{_runId}-left");
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), $$$"""
            networks:
              - name: pe-net-{{{_runId}}}
            steps:
            - id: arm
              build: -t {{.Run.Registry}}/taskrunner-pe-{{.Run.ID}}:arm64 --platform linux/arm64 --network pe-net-{{{_runId}}} -f dockerfile.arm64 .
            """);

        var (exit, stdout, stderr, _) = await RunAsync(["--platform-engine", "linux/arm64=arm-box", "--verbose"]);

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain($"engine arm-box: removed what an earlier run with id {_runId} left: 0 container(s), 0 volume(s) and 1 network(s)"));
        Assert.That(stdout, Does.Contain($"engine arm-box: created network pe-net-{_runId}"));
        Assert.That(stdout, Does.Contain("engine arm-box: removed the run's containers, 0 volume(s) and 1 network(s)"));
        Assert.That((await Engine.DockerAsync("network", "inspect", $"pe-net-{_runId}")).ExitCode, Is.Not.Zero, "removed at the end");
        Assert.That(stdout, Does.Not.Match($@"\d created network pe-net-{_runId}"), "never made on the default engine: no step there uses it");
        Assert.That(stdout, Does.Contain("no step runs a container: no network or volumes are made"), "nothing at all on the default engine");
        Assert.That(await LabelledAsync(), Is.Empty);
    }

    /// <summary>`taskrunner run --id RUNID -r REGISTRY ARGS .` with the test's docker config (the context arm-box) and the shared engine as the default.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunAsync(string[] args, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["DOCKER_HOST"] = "", ["DOCKER_CONTEXT"] = "" };
        foreach (var (key, value) in extra ?? []) environment[key] = value;
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(_source, null, environment, ["run", "--progress", "plain", "--id", _runId, "-r", Registry, .. args, "."]);
        return (exit, stdout, stderr, clock.Elapsed);
    }

    /// <summary>The run's labelled containers, volumes and networks on both engines.</summary>
    private async Task<IReadOnlyList<string>> LabelledAsync()
    {
        var found = new List<string>(await DockerCli.ObjectsLabelledAsync(RunNames.RunLabel, _runId));
        var filter = $"label={RunNames.RunLabel}={_runId}";
        foreach (var kind in new[] { "container", "volume", "network" })
        {
            var (_, output) = await Engine.DockerAsync(kind, "ls", kind == "container" ? "-aq" : "-q", "--filter", filter);
            found.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => $"second engine {kind} {n.Trim()}"));
        }
        return found;
    }

    /// <summary>The platforms of an index in the registry at 127.0.0.1:5000.</summary>
    private static async Task<IReadOnlyList<string>> IndexPlatformsAsync(string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Registry}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.list.v2+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform").GetProperty("os").GetString() + "/" + m.GetProperty("platform").GetProperty("architecture").GetString()).ToList();
    }
}
