using System.Net;
using System.Net.Sockets;

namespace TaskRunner.Cli.Tests;

/// <summary>
/// <c>taskrunner run --dry-run</c> reaches nothing outside the process: not the registry (docker manifest, pushes,
/// pulls, BuildKit), not git, not a credential helper, and it changes nothing on the engine; it prints the plan.
/// </summary>
[Category("Integration")]
public sealed class DryRunTests
{
    private DirectoryInfo _dir = null!;
    private string _runId = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("tr-dry");
        _runId = "dry" + Guid.NewGuid().ToString("N")[..10];
    }

    [TearDown]
    public void TearDown() => _dir.Delete(true);

    [Test]
    public async Task A_dry_run_of_every_step_kind_opens_no_connection_changes_nothing_and_prints_the_plan()
    {
        // The "registry": a port that accepts and counts connections, and answers none.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var registry = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var connections = 0;
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        });

        // A docker config whose credential store is a helper that leaves a mark when it runs.
        var config = Directory.CreateDirectory(Path.Combine(_dir.FullName, "docker-config")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_dir.FullName, "bin")).FullName;
        var helperMark = Path.Combine(_dir.FullName, "helper-ran");
        File.WriteAllText(Path.Combine(config, "config.json"), """{"credsStore":"trdryrun"}""");
        var helper = Path.Combine(bin, "docker-credential-trdryrun");
        File.WriteAllText(helper, $"#!/bin/sh\ntouch '{helperMark}'\necho 'credentials not found'\nexit 1\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var source = Directory.CreateDirectory(Path.Combine(_dir.FullName, "src")).FullName;
        File.WriteAllText(Path.Combine(source, "Dockerfile"), "FROM busybox\nRUN echo built > /built.txt\n");
        File.WriteAllText(Path.Combine(source, "acr-task.yaml"), """
            version: v1.1.0
            steps:
              - id: classic
                build: --pull -t {{.Run.Registry}}/dry/app:classic-{{.Run.ID}} .
              - id: buildkit
                build: -t {{.Run.Registry}}/dry/app:bk-{{.Run.ID}} .
                env: ["DOCKER_BUILDKIT=1"]
              - id: fromgit
                build: -t {{.Run.Registry}}/dry/app:git-{{.Run.ID}} http://{{.Run.Registry}}/dry/repo.git#main
              - id: push
                push: ["{{.Run.Registry}}/dry/app:classic-{{.Run.ID}}", "{{.Run.Registry}}/dry/app:bk-{{.Run.ID}}"]
              - id: missing
                cmd: {{.Run.Registry}}/dry/missing:{{.Run.ID}} echo hi
              - id: pulled
                cmd: {{.Run.Registry}}/dry/pulled:{{.Run.ID}} echo hi
                pull: true
              - id: create
                cmd: docker manifest create --insecure {{.Run.Registry}}/dry/app:{{.Run.ID}} {{.Run.Registry}}/dry/app:classic-{{.Run.ID}} {{.Run.Registry}}/dry/app:bk-{{.Run.ID}}
              - id: annotate
                cmd: docker manifest annotate --arch arm64 {{.Run.Registry}}/dry/app:{{.Run.ID}} {{.Run.Registry}}/dry/app:bk-{{.Run.ID}}
              - id: pushlist
                cmd: docker manifest push --insecure --purge {{.Run.Registry}}/dry/app:{{.Run.ID}}
              - id: inspect
                cmd: docker manifest inspect --insecure {{.Run.Registry}}/dry/app:{{.Run.ID}}
              - id: rm
                cmd: docker manifest rm {{.Run.Registry}}/dry/app:{{.Run.ID}}
            """);
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = config,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };

        var result = TaskRunnerProcess.Run(source, environment, "run", "--dry-run", "--id", _runId, "-r", registry, "--progress", "plain", ".");

        listener.Stop();
        await accepting;
        var output = result.Stdout + result.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(connections, Is.Zero, "connections to the registry port\n" + output);
            Assert.That(File.Exists(helperMark), Is.False, "the docker config's credential helper ran");
            Assert.That(DockerCli.ObjectsNamedAsync(_runId).GetAwaiter().GetResult(), Is.Empty, "engine objects named after the run id");
            Assert.That(Shell.Docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").Stdout, Does.Not.Contain(_runId), "images tagged by the dry run");
            Assert.That(result.ExitCode, Is.Zero, output);
            Assert.That(result.Stdout, Does.Contain($"would build an image: dockerfile Dockerfile; tags {registry}/dry/app:classic-{_runId}; pull"));
            Assert.That(result.Stdout, Does.Contain($"would run docker buildx build --load -t {registry}/dry/app:bk-{_runId} ."));
            Assert.That(result.Stdout, Does.Contain($"would clone http://{registry}/dry/repo.git#main"));
            Assert.That(result.Stdout, Does.Contain($"would push {registry}/dry/app:classic-{_runId}"));
            Assert.That(result.Stdout, Does.Contain($"would create container taskrunner-{_runId}-missing: image {registry}/dry/missing:{_runId}"));
            Assert.That(result.Stdout, Does.Contain($"would pull {registry}/dry/pulled:{_runId}"));
            foreach (var subcommand in new[] { "create --insecure", "annotate --arch arm64", "push --insecure --purge", "inspect --insecure", "rm" })
                Assert.That(result.Stdout, Does.Contain($"would run docker manifest {subcommand} {registry}/dry/app:{_runId}"));
        });
    }
}
