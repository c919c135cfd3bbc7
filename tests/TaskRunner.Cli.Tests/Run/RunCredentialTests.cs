using System.Runtime.Versioning;
using System.Text.Json;
using NUnit.Framework;

namespace TaskRunner.Cli.Tests.Run;

/// <summary>
/// `taskrunner run` pulling from and pushing to a registry with htpasswd basic auth on loopback, with the credentials
/// from each place the CLI takes them: <c>--credential</c>, <c>-u</c> with <c>--password-stdin</c>, and the user's
/// docker config found through DOCKER_CONFIG (<c>auths</c>, <c>credsStore</c>, <c>credHelpers</c>).
/// </summary>
[TestFixture]
[Category("Integration")]
[SupportedOSPlatform("linux")] // the credential helpers are shell scripts, and the engine runs Linux containers
public sealed class RunCredentialTests : CliRunTest
{
    public enum CredentialSource { CredentialFlag, UsernameAndPasswordStdin, DockerConfigAuths, DockerConfigCredsStore, DockerConfigCredHelpers }

    private HtpasswdRegistry _registry = null!;
    private string TaskDirectory => Path.Combine(Source, "task");
    private string DockerConfig => Path.Combine(Source, "docker-config");
    private string HelperBin => Path.Combine(Source, "bin");
    private string HelperLog => Path.Combine(Source, "helper-calls.log");
    private string Seed => $"{_registry.Address}/seed:{RunId}";
    private string App => $"{_registry.Address}/app:{RunId}";

    [SetUp]
    public async Task StartRegistryAndWriteTaskAsync()
    {
        foreach (var directory in new[] { TaskDirectory, DockerConfig, HelperBin }) Directory.CreateDirectory(directory);
        _registry = await HtpasswdRegistry.StartAsync();
        File.WriteAllText(Path.Combine(TaskDirectory, "Dockerfile"), $"FROM busybox\nLABEL run={RunId}\n");
        // The pull is allowed to fail so that a wrong password is also seen failing the push.
        File.WriteAllText(Path.Combine(TaskDirectory, "acr-task.yaml"), """
            version: v1.1.0
            steps:
              - id: run-seed
                cmd: "{{.Run.Registry}}/seed:{{.Run.ID}} cat /marker.txt"
                ignoreErrors: true
              - id: build
                build: -t {{.Run.Registry}}/app:{{.Run.ID}} .
              - id: push
                push: ["{{.Run.Registry}}/app:{{.Run.ID}}"]
            """);
    }

    [TearDown]
    public Task StopRegistryAsync() => _registry.DisposeAsync().AsTask();

    [Test]
    public async Task A_run_pulls_from_and_pushes_to_a_basic_auth_registry_with_credentials_from([Values] CredentialSource source)
    {
        var (exit, output) = await RunCliAsync(source, HtpasswdRegistry.Password);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain($"[run-seed] Pulling {Seed}"));
        Assert.That(output, Does.Contain($"[run-seed] seeded-{RunId}"), "the image that only the registry has was pulled and run");
        Assert.That(output, Does.Match(@"run-seed\s+succeeded"));
        using var api = _registry.Api();
        Assert.That(await api.TagsAsync("app"), Is.EqualTo(new[] { RunId }), "the push reached the registry");
        Assert.That(output, Does.Not.Contain(HtpasswdRegistry.Password));
        if (source is CredentialSource.DockerConfigCredsStore or CredentialSource.DockerConfigCredHelpers)
            Assert.That(File.ReadAllLines(HelperLog), Does.Contain($"get {_registry.Address}"), "the helper was asked for the registry");
    }

    [Test]
    public async Task A_wrong_password_fails_the_pull_and_the_push_clearly_and_exits_1([Values] CredentialSource source)
    {
        var wrong = "wrong-" + RunId;

        var (exit, output) = await RunCliAsync(source, wrong);

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"image {Seed} is not on the engine and could not be pulled"));
        Assert.That(output, Does.Contain($"push of {App} failed after 3 attempts"));
        Assert.That(output, Does.Match("(?i)unauthorized|authentication required"), "the registry's reason is given");
        Assert.That(output, Does.Match(@"run-seed\s+ignored").And.Match(@"push\s+failed"));
        Assert.That(output, Does.Not.Contain(wrong));
        using var api = _registry.Api();
        Assert.That(await api.TagsAsync("app"), Is.Empty);
    }

    [Test]
    public async Task The_password_is_in_no_output_report_or_command_line_and_stdin_may_end_any_way([Values("", "\r\n")] string ending)
    {
        await _registry.SeedAsync($"seed:{RunId}", $"seeded-{RunId}");
        var report = Path.Combine(Source, "report.json");
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = DockerConfig };
        using var process = TaskRunnerProcess.Start(TaskDirectory, HtpasswdRegistry.Password + ending, environment,
            "run", "--id", RunId, "-r", _registry.Address, "-u", HtpasswdRegistry.User, "--password-stdin", "--progress", "json", "--report", report);
        var seen = new HashSet<string>();
        var run = process.WaitAsync(TimeSpan.FromMinutes(5));
        while (!run.IsCompleted)
        {
            // What `ps` shows: the command line of every process on the machine, the run's docker and git children included.
            foreach (var line in CommandLinesHolding(HtpasswdRegistry.Password)) seen.Add(line);
            await Task.Delay(20);
        }
        var exit = await run;

        Assert.That(exit, Is.Zero, process.Stdout + process.Stderr);
        using var api = _registry.Api();
        Assert.That(await api.TagsAsync("app"), Is.EqualTo(new[] { RunId }), "the push reached the registry, so the password was read whole");
        Assert.That(process.Stdout, Does.Contain("\"type\""), "the JSON progress was written");
        Assert.That(process.Stdout + process.Stderr, Does.Not.Contain(HtpasswdRegistry.Password));
        Assert.That(File.ReadAllText(report), Does.Not.Contain(HtpasswdRegistry.Password));
        Assert.That(seen, Is.Empty, "command lines holding the password");
    }

    private static IEnumerable<string> CommandLinesHolding(string secret)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains(secret, StringComparison.Ordinal)) yield return $"{Path.GetFileName(directory)}: {commandLine}";
        }
    }

    /// <summary>
    /// Puts the seed image in the registry (only there), then runs the task with the registry as -r and the
    /// credentials given the source's way; DOCKER_CONFIG is the test's own folder.
    /// </summary>
    private async Task<(int ExitCode, string Output)> RunCliAsync(CredentialSource source, string password)
    {
        await _registry.SeedAsync($"seed:{RunId}", $"seeded-{RunId}");
        var args = new List<string> { "run", "--id", RunId, "-r", _registry.Address };
        string? standardInput = null;
        switch (source)
        {
            case CredentialSource.CredentialFlag:
                args.AddRange(["--credential", JsonSerializer.Serialize(new { registry = _registry.Address, username = HtpasswdRegistry.User, password })]);
                break;
            case CredentialSource.UsernameAndPasswordStdin:
                args.AddRange(["-u", HtpasswdRegistry.User, "--password-stdin"]);
                standardInput = password + "\n";
                break;
            case CredentialSource.DockerConfigAuths:
                WriteDockerConfig(_registry.AuthsConfig(password));
                break;
            case CredentialSource.DockerConfigCredsStore:
                WriteCredentialHelper("tr-store", password);
                WriteDockerConfig("""{"credsStore":"tr-store"}""");
                break;
            case CredentialSource.DockerConfigCredHelpers:
                WriteCredentialHelper("tr-helper", password);
                WriteDockerConfig($$$"""{"credHelpers":{"{{{_registry.Address}}}":"tr-helper"}}""");
                break;
        }
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = DockerConfig,
            ["PATH"] = HelperBin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(TaskDirectory, standardInput, environment, [.. args]);
        return (exit, stdout + stderr);
    }

    private void WriteDockerConfig(string json) => File.WriteAllText(Path.Combine(DockerConfig, "config.json"), json);

    /// <summary>
    /// docker-credential-NAME as the docker CLI calls it: <c>get</c> with the server on standard input, answering
    /// JSON for the test registry and "credentials not found" for any other (Docker Hub, asked for busybox).
    /// </summary>
    private void WriteCredentialHelper(string name, string password)
    {
        var path = Path.Combine(HelperBin, "docker-credential-" + name);
        File.WriteAllText(path, $$"""
            #!/bin/sh
            read -r server
            echo "$1 $server" >> '{{HelperLog}}'
            if [ "$1" = get ] && [ "$server" = '{{_registry.Address}}' ]; then
              echo '{"ServerURL":"{{_registry.Address}}","Username":"{{HtpasswdRegistry.User}}","Secret":"{{password}}"}'
              exit 0
            fi
            echo "credentials not found in native keychain"
            exit 1

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
