using System.Diagnostics;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>
/// `taskrunner run` against an engine that is not the shared one, reached as the docker CLI reaches it: a second
/// dockerd started here (<see cref="SecondEngine"/>: TLS with client certificates on 127.0.0.1), through DOCKER_HOST
/// with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, through docker contexts made by the docker CLI in a DOCKER_CONFIG of the
/// test's own, and through ssh:// (an sshd of the test's own whose sessions point docker at the second engine). A run
/// there leaves nothing on the shared engine; a wrong certificate or an unreachable engine fails at once, naming it.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class RemoteEngineTests
{
    /// <summary>Far more than a failure to connect takes, far less than a hang.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(30);

    private string _root = null!;
    private TestCertificates? _certificates;
    private SecondEngine? _engine;
    private Sshd? _sshd;
    private string _source = null!;
    private string _runId = null!;

    private SecondEngine Engine => _engine!;

    [OneTimeSetUp]
    public async Task StartEngineAndSshd()
    {
        if (Environment.UserName != "root") Assert.Ignore("a second dockerd, its bridge and an sshd need root");
        _root = Path.Combine(Path.GetTempPath(), "taskrunner-remote-" + Guid.NewGuid().ToString("N")[..8]);
        _certificates = new TestCertificates("taskrunner remote engine test CA");
        _engine = await SecondEngine.StartAsync(Path.Combine(_root, "engine"), _certificates);
        _sshd = await Sshd.StartAsync(Path.Combine(_root, "sshd"), _engine.Environment);
    }

    [OneTimeTearDown]
    public async Task StopEngineAndSshd()
    {
        if (_sshd is not null) await _sshd.DisposeAsync();
        if (_engine is not null) await _engine.DisposeAsync();
        _certificates?.Dispose();
        if (_root is not null && Directory.Exists(_root)) await Shell.RunAsync("rm", null, "-rf", _root);
    }

    [SetUp]
    public void NewSource()
    {
        _source = Directory.CreateTempSubdirectory("taskrunner-remote-src-").FullName;
        _runId = "trre" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(_source, "hello.txt"), "hello from the source directory\n");
        // The run network's address shows which engine ran the step: the second engine's pool is 10.232.N.0/24.
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), """
            steps:
              - id: hello
                cmd: busybox:latest sh -c 'cat /workspace/hello.txt; ip -4 addr show eth0'

            """);
    }

    [TearDown]
    public void RemoveSource() => Directory.Delete(_source, recursive: true);

    [Test]
    public async Task A_whole_run_over_TLS_through_DOCKER_HOST_runs_on_that_engine_and_creates_nothing_on_the_local_one()
    {
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM busybox:latest\nCOPY hello.txt /hello.txt\n");
        File.AppendAllText(Path.Combine(_source, "acr-task.yaml"), """
              - id: build
                build: -t taskrunner-remote-it:{{.Run.ID}} .
            """);
        Assert.That(await LocalObjectsAsync(), Is.Empty, "before the run");

        var (exit, stdout, stderr, _) = await RunAsync(Engine.Environment);

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[hello] hello from the source directory"), "the source was copied into the remote engine's volume");
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix), "the step ran on a network of the second engine");
        Assert.That((await Engine.DockerAsync("image", "inspect", $"taskrunner-remote-it:{_runId}")).ExitCode, Is.Zero, "the build context was streamed to the second engine, which built the image");
        Assert.That((await DockerCli.RunAsync("image", "inspect", $"taskrunner-remote-it:{_runId}")).ExitCode, Is.Not.Zero, "no image on the local engine");
        Assert.That(await LocalObjectsAsync(), Is.Empty, "after the run");
        Assert.That((await Engine.DockerAsync("ps", "-aq", "--filter", $"label=io.taskrunner.run={_runId}")).Output.Trim(), Is.Empty, "the run cleaned up on the engine it ran on");
    }

    [Test]
    public async Task A_run_through_a_context_given_with_the_context_flag_uses_its_TLS_files()
    {
        var config = await NewDockerConfigAsync("remote-tls", $"host={Engine.Host},ca={Engine.ClientCerts}/ca.pem,cert={Engine.ClientCerts}/cert.pem,key={Engine.ClientCerts}/key.pem");

        // DOCKER_HOST names the local engine: --context wins over it, as for the docker CLI.
        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = "unix:///var/run/docker.sock" }, "--context", "remote-tls");

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix));
        Assert.That(await LocalObjectsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_BuildKit_build_under_the_context_flag_runs_on_that_engine_too()
    {
        // BuildKit builds run the docker CLI: it must reach the context's engine, not the DOCKER_HOST one.
        var config = await NewDockerConfigAsync("remote-bk", $"host={Engine.Host},ca={Engine.ClientCerts}/ca.pem,cert={Engine.ClientCerts}/cert.pem,key={Engine.ClientCerts}/key.pem");
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM busybox:latest\nCOPY hello.txt /hello.txt\n");
        File.WriteAllText(Path.Combine(_source, "acr-task.yaml"), """
            steps:
              - id: bk
                build: -t taskrunner-remote-bk:{{.Run.ID}} .
                env: ["DOCKER_BUILDKIT=1"]
              - id: check
                cmd: taskrunner-remote-bk:{{.Run.ID}} cat /hello.txt

            """);

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = "unix:///var/run/docker.sock" }, "--context", "remote-bk");

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[check] hello from the source directory"));
        Assert.That((await Engine.DockerAsync("image", "inspect", $"taskrunner-remote-bk:{_runId}")).ExitCode, Is.Zero);
        Assert.That((await DockerCli.RunAsync("image", "inspect", $"taskrunner-remote-bk:{_runId}")).ExitCode, Is.Not.Zero, "no image on the local engine");
        Assert.That(await LocalObjectsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_run_through_the_current_context_of_the_docker_config_reaches_the_same_engine()
    {
        var config = await NewDockerConfigAsync("remote-current", $"host={Engine.Host},ca={Engine.ClientCerts}/ca.pem,cert={Engine.ClientCerts}/cert.pem,key={Engine.ClientCerts}/key.pem");
        await Shell.CheckedAsync("docker", "--config", config, "context", "use", "remote-current");

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = "", ["DOCKER_CONTEXT"] = "" });

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix));
        Assert.That(await LocalObjectsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_certificate_from_another_CA_fails_at_once_naming_the_engine()
    {
        using var other = new TestCertificates("another CA");
        var folder = _certificates!.WriteClientFolder(Path.Combine(_source, "wrong-ca"), other.AuthorityPem);

        var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_HOST"] = Engine.Host, ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = folder });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"cannot reach the Docker engine at {Engine.Host} (context default, TLS): TLS: the engine's certificate (CN=localhost, issued by CN=taskrunner remote engine test CA) is not signed by the CA in {folder}/ca.pem"));
        AssertNoStackTrace(stdout + stderr);
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    [Test]
    public async Task DOCKER_TLS_without_DOCKER_TLS_VERIFY_uses_TLS_without_checking_the_engine_as_the_CLI()
    {
        using var other = new TestCertificates("another CA");
        var folder = _certificates!.WriteClientFolder(Path.Combine(_source, "unchecked"), other.AuthorityPem);

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = Engine.Host, ["DOCKER_TLS"] = "1", ["DOCKER_TLS_VERIFY"] = "", ["DOCKER_CERT_PATH"] = folder });

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix));
    }

    [Test]
    public async Task No_client_certificate_for_an_engine_that_asks_for_one_fails_at_once_saying_so()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_source, "ca-only")).FullName;
        File.Copy(Path.Combine(Engine.ClientCerts, "ca.pem"), Path.Combine(folder, "ca.pem"));

        var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_HOST"] = Engine.Host, ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = folder });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"cannot reach the Docker engine at {Engine.Host} (context default, TLS): the TLS connection failed"));
        Assert.That(stderr, Does.Contain($"the engine may require a client certificate, and there is none (no cert.pem and key.pem in {folder})"));
        AssertNoStackTrace(stdout + stderr);
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    [Test]
    public async Task Plain_HTTP_to_the_TLS_engine_says_to_set_DOCKER_TLS_VERIFY()
    {
        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = Engine.Host, ["DOCKER_TLS_VERIFY"] = "", ["DOCKER_TLS"] = "" });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"cannot reach the Docker engine at {Engine.Host} (context default): the engine speaks TLS, and TaskRunner sent plain HTTP: set DOCKER_TLS_VERIFY=1"));
    }

    [Test]
    public async Task An_unreachable_engine_fails_at_once_naming_it()
    {
        var port = Shell.FreeLoopbackPort();
        var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{port}", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = Engine.ClientCerts });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"taskrunner: cannot reach the Docker engine at tcp://127.0.0.1:{port} (context default, TLS): Connection refused"));
        AssertNoStackTrace(stdout + stderr);
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    [Test]
    public async Task An_engine_that_accepts_and_never_answers_fails_within_the_probes_wait()
    {
        // Connections complete in the listen backlog; nothing ever reads the TLS hello or answers.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{port}", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = Engine.ClientCerts });

            Assert.That(exit, Is.EqualTo(1), stdout + stderr);
            Assert.That(stderr, Does.Contain($"taskrunner: cannot reach the Docker engine at tcp://127.0.0.1:{port} (context default, TLS): no answer within 15 seconds"));
            AssertNoStackTrace(stdout + stderr);
            Assert.That(elapsed, Is.LessThan(AtOnce + TimeSpan.FromSeconds(15)));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Test]
    public async Task An_unreachable_engine_of_a_context_is_named_with_the_context()
    {
        var port = Shell.FreeLoopbackPort();
        var config = await NewDockerConfigAsync("gone", $"host=tcp://127.0.0.1:{port}");

        var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = "", ["DOCKER_CONTEXT"] = "gone" });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"taskrunner: cannot reach the Docker engine at tcp://127.0.0.1:{port} (context gone): Connection refused"));
        AssertNoStackTrace(stdout + stderr);
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    [Test]
    public async Task A_missing_context_is_an_error_naming_it()
    {
        var config = Directory.CreateDirectory(Path.Combine(_source, "empty-config")).FullName;

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_CONFIG"] = config }, "--context", "nowhere");

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain("taskrunner: docker context \"nowhere\" does not exist"));
    }

    [Test]
    public async Task A_run_through_ssh_runs_dial_stdio_on_the_far_side_and_creates_nothing_on_the_local_engine()
    {
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM busybox:latest\nCOPY hello.txt /hello.txt\n");
        File.AppendAllText(Path.Combine(_source, "acr-task.yaml"), """
              - id: build
                build: -t taskrunner-remote-ssh:{{.Run.ID}} .
            """);
        Assert.That(await LocalObjectsAsync(), Is.Empty, "before the run");

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = _sshd!.Address, ["PATH"] = _sshd.SearchPath });

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("[hello] hello from the source directory"));
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix), "the far side's docker reached the second engine");
        Assert.That((await Engine.DockerAsync("image", "inspect", $"taskrunner-remote-ssh:{_runId}")).ExitCode, Is.Zero, "the build context went through ssh");
        Assert.That((await DockerCli.RunAsync("image", "inspect", $"taskrunner-remote-ssh:{_runId}")).ExitCode, Is.Not.Zero, "no image on the local engine");
        Assert.That(await LocalObjectsAsync(), Is.Empty, "after the run");
    }

    [Test]
    public async Task An_ssh_address_as_a_platform_engine_takes_the_builds_of_its_platform_and_leaves_the_rest_local()
    {
        File.WriteAllText(Path.Combine(_source, "Dockerfile"), "FROM busybox:latest\nCOPY hello.txt /hello.txt\n");
        File.AppendAllText(Path.Combine(_source, "acr-task.yaml"), """
              - id: build
                build: -t taskrunner-remote-pe:{{.Run.ID}} --platform linux/amd64 .
            """);

        var (exit, stdout, stderr, _) = await RunAsync(new() { ["PATH"] = _sshd!.SearchPath }, "--platform-engine", $"linux/amd64={_sshd.Address}");

        try
        {
            Assert.That(exit, Is.Zero, stdout + stderr);
            Assert.That(stdout, Does.Contain("[hello] hello from the source directory"));
            Assert.That(stdout, Does.Not.Contain("inet " + Engine.PoolPrefix), "the cmd step stays on the local engine");
            Assert.That((await Engine.DockerAsync("image", "inspect", $"taskrunner-remote-pe:{_runId}")).ExitCode, Is.Zero, "the build went through ssh to the far side's engine");
            Assert.That((await DockerCli.RunAsync("image", "inspect", $"taskrunner-remote-pe:{_runId}")).ExitCode, Is.Not.Zero, "no image on the local engine");
            Assert.That(await LocalObjectsAsync(), Is.Empty, "after the run");
            Assert.That((await Engine.DockerAsync("ps", "-a", "-q", "--filter", "label=" + RunNames.RunLabel + "=" + _runId)).Output.Trim(), Is.Empty, "nothing left on the far side");
        }
        finally
        {
            await Engine.DockerAsync("rmi", "-f", $"taskrunner-remote-pe:{_runId}");
        }
    }

    [Test]
    public async Task An_ssh_address_with_a_socket_path_runs_dial_stdio_against_that_socket()
    {
        // The far side's DOCKER_HOST names the tcp endpoint; the socket in the address wins (docker --host=unix://...).
        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = _sshd!.Address + Engine.Socket, ["PATH"] = _sshd.SearchPath });

        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix));
        Assert.That(await LocalObjectsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_unix_socket_other_than_the_default_one_is_reached_through_DOCKER_HOST()
    {
        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = "unix://" + Engine.Socket, ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = Path.Combine(_source, "no-such-folder") });

        Assert.That(exit, Is.Zero, "TLS settings do not apply to a socket\n" + stdout + stderr);
        Assert.That(stdout, Does.Contain("inet " + Engine.PoolPrefix));
        Assert.That(await LocalObjectsAsync(), Is.Empty);
    }

    [Test]
    public async Task Bind_is_refused_for_an_engine_that_is_not_on_this_machine()
    {
        var (exit, stdout, stderr, _) = await RunAsync(new() { ["DOCKER_HOST"] = _sshd!.Address, ["PATH"] = _sshd.SearchPath }, "--bind");

        Assert.That(exit, Is.EqualTo(2), stdout + stderr);
        Assert.That(stderr, Does.Contain($"taskrunner: --bind mounts {_source} of this machine, and the engine at {_sshd.Address} (context default) is not on this machine"));
    }

    [Test]
    public async Task An_unreachable_ssh_host_fails_at_once_with_what_ssh_said()
    {
        var port = Shell.FreeLoopbackPort();
        var (exit, stdout, stderr, elapsed) = await RunAsync(new() { ["DOCKER_HOST"] = $"ssh://root@127.0.0.1:{port}", ["PATH"] = _sshd!.SearchPath });

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        // ssh's own words, also when the request's write (a broken pipe) fails before the read that sees ssh's exit.
        Assert.That(stderr, Does.Contain($"taskrunner: cannot reach the Docker engine at ssh://root@127.0.0.1:{port} (context default): "));
        Assert.That(stderr, Does.Contain($"ssh: connect to host 127.0.0.1 port {port}: Connection refused"));
        Assert.That(stderr, Does.Not.Contain("Broken pipe"));
        AssertNoStackTrace(stdout + stderr);
        Assert.That(elapsed, Is.LessThan(AtOnce));
    }

    /// <summary>Runs `taskrunner run --id RUNID` in the source with these variables (plus <paramref name="args"/>).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(_source, null, environment, ["run", "--id", _runId, .. args, "."]);
        return (exit, stdout, stderr, clock.Elapsed);
    }

    /// <summary>A DOCKER_CONFIG of the test's own with one context, made by the docker CLI itself.</summary>
    private async Task<string> NewDockerConfigAsync(string context, string dockerEndpoint)
    {
        var config = Directory.CreateDirectory(Path.Combine(_source, "docker-config")).FullName;
        await Shell.CheckedAsync("docker", "--config", config, "context", "create", context, "--docker", dockerEndpoint);
        return config;
    }

    /// <summary>Containers, volumes and networks of this run on the local (shared) engine.</summary>
    private async Task<string> LocalObjectsAsync()
    {
        var label = $"label=io.taskrunner.run={_runId}";
        var containers = await DockerCli.CheckedAsync("ps", "-aq", "--filter", label);
        var volumes = await DockerCli.CheckedAsync("volume", "ls", "-q", "--filter", label);
        var networks = await DockerCli.CheckedAsync("network", "ls", "-q", "--filter", label);
        return (containers + volumes + networks).Trim();
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.That(output, Does.Not.Match(@"\n\s+at \S+\("), "no stack trace");
}
