using System.Diagnostics;
using TaskRunner.Fidelity.Tests.Harness;

namespace TaskRunner.Fidelity.Tests;

/// <summary>
/// The engine-level half: the same tasks with real cmd steps under acb (`DOCKER_BUILDKIT=0 acb exec ... --homevol
/// SRC`, oracle README) and `taskrunner run`, comparing what a step sees (working directory, HOME, user, environment,
/// /workspace content and sharing between steps, the docker socket, DNS by step ID) and the exit status. Step IDs
/// and the task network carry a fresh suffix, so nothing collides with other runs (acb names containers after step
/// IDs, and with a default task network it creates no acb_default_network); everything either side leaves is removed.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class EngineTests
{
    private const string Marker = "FID:";

    private static string Task(string u) => $$"""
        version: v1.1.0
        networks:
          - name: fidnet-{{u}}
            isDefault: true
        steps:
          - id: fid{{u}}-srv
            cmd: busybox sleep 30
            detach: true
          - id: fid{{u}}-info
            cmd: busybox sh -c 'echo "FID:pwd=$(pwd)"; echo "FID:home=$HOME"; echo "FID:uid=$(id -u)"; echo "FID:ws=$(ls -A /workspace | sort | tr "\n" ",")"; if [ -S /var/run/docker.sock ]; then echo FID:sock=yes; else echo FID:sock=no; fi; echo "FID:foo=$FOO"; echo "FID:task-env=$TASKV"; if ping -c1 -W3 fid{{u}}-srv >/dev/null 2>&1; then echo FID:dns=yes; else echo FID:dns=no; fi; echo written > /workspace/from-info.txt'
            env: [FOO=1]
          - id: fid{{u}}-sub
            cmd: busybox sh -c 'echo "FID:sub-pwd=$(pwd)"; echo "FID:sub-ls=$(ls -A | tr "\n" ",")"'
            workingDirectory: sub
          - id: fid{{u}}-fail
            cmd: busybox sh -c 'exit 3'
            ignoreErrors: true
          - id: fid{{u}}-after
            cmd: busybox sh -c 'echo "FID:after=$(cat /workspace/from-info.txt)"'
        env: [TASKV=t]
        """;

    private static string FailingTask(string u) => $$"""
        version: v1.1.0
        networks:
          - name: fidnet-{{u}}
            isDefault: true
        steps:
          - id: fid{{u}}-exit
            cmd: busybox sh -c 'exit 3'
          - id: fid{{u}}-never
            cmd: busybox sh -c 'echo FID:never=ran'
        """;

    [Test]
    public void AStepSeesWhatItSeesUnderAcb() => Compare(Task, expectFacts: true);

    [Test]
    public void AFailingStepFailsTheRunOnBothSides() => Compare(FailingTask, expectFacts: false);

    private static void Compare(Func<string, string> task, bool expectFacts)
    {
        var acb = Acb.Find();
        if (acb is null) Assert.Ignore(Acb.NotFoundReason);
        if (Run("docker", ["image", "inspect", "bash:latest", "busybox:latest"], null, 30).ExitCode != 0)
            Assert.Ignore("the engine, busybox:latest or acb's bash:latest stand-in (../shared/oracle/stand-ins.sh) is missing");
        var taskRunner = TaskRunnerDll();
        if (!File.Exists(taskRunner)) Assert.Ignore($"{taskRunner} is not built (dotnet build src/TaskRunner.Cli -c Release)");

        var u = Guid.NewGuid().ToString("N")[..8];
        var root = Directory.CreateTempSubdirectory("fidelity-engine-").FullName;
        try
        {
            string Source(string name)
            {
                var dir = Path.Combine(root, name);
                Directory.CreateDirectory(Path.Combine(dir, "sub"));
                File.WriteAllText(Path.Combine(dir, "hello.txt"), "hello\n");
                File.WriteAllText(Path.Combine(dir, "sub", "inner.txt"), "inner\n");
                File.WriteAllText(Path.Combine(dir, "acr-task.yaml"), task(u));
                return dir;
            }
            var acbSource = Source("acb");
            var trSource = Source("tr");

            var acbRun = Run("timeout", ["120", acb, "exec", "-f", "acr-task.yaml", "-r", "127.0.0.1:5000", "--id", "fid" + u, "--homevol", acbSource], acbSource, 150,
                ("DOCKER_BUILDKIT", "0"));
            var acbLeft = CleanUp(u);
            var trRun = Run("dotnet", [taskRunner, "run", "-f", "acr-task.yaml", "-r", "127.0.0.1:5000", "--id", "fid" + u, trSource], trSource, 150);
            var trLeft = CleanUp(u);

            var acbFacts = Facts(acbRun.Output);
            var trFacts = Facts(trRun.Output);
            var context = $"\n--- acb (exit {acbRun.ExitCode}):\n{acbRun.Output}\n--- taskrunner (exit {trRun.ExitCode}):\n{trRun.Output}";
            Assert.Multiple(() =>
            {
                if (expectFacts) Assert.That(acbFacts, Is.Not.Empty, "acb printed no facts" + context);
                else Assert.That(acbRun.ExitCode, Is.Not.Zero, "acb should fail" + context);
                Assert.That(trFacts, Is.EqualTo(acbFacts), "what a step sees differs" + context);
                Assert.That(trRun.ExitCode != 0, Is.EqualTo(acbRun.ExitCode != 0), "exit status" + context);
                Assert.That(trLeft, Is.Empty, "taskrunner left containers or networks");
            });
            TestContext.Out.WriteLine($"acb left behind (removed): {string.Join(", ", acbLeft)}");
        }
        finally
        {
            CleanUp(u);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Lines "FID:key=value" as a dictionary; what precedes the marker (a log prefix, a step name) is dropped.</summary>
    private static SortedDictionary<string, string> Facts(string output)
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0 || line.Contains("echo", StringComparison.Ordinal)) continue; // not the command line itself
            var fact = line[(at + Marker.Length)..].TrimEnd('\r');
            var eq = fact.IndexOf('=');
            if (eq > 0) facts[fact[..eq]] = fact[(eq + 1)..];
        }
        return facts;
    }

    /// <summary>Removes every container and network of this test's suffix; returns what was there.</summary>
    private static List<string> CleanUp(string u)
    {
        var left = new List<string>();
        var containers = Run("docker", ["ps", "-a", "--filter", "name=fid" + u, "--format", "{{.Names}}"], null, 30).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var c in containers) { left.Add("container " + c); Run("docker", ["rm", "-f", c], null, 30); }
        var networks = Run("docker", ["network", "ls", "--filter", "name=fidnet-" + u, "--format", "{{.Name}}"], null, 30).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in networks) { left.Add("network " + n); Run("docker", ["network", "rm", n], null, 30); }
        return left;
    }

    private static string TaskRunnerDll()
    {
        // The same configuration as this test assembly (bin/<Configuration>/net10.0/).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        return Path.Combine(Repo.Root(), "src", "TaskRunner.Cli", "bin", configuration, "net10.0", "taskrunner.dll");
    }

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string? directory, int timeoutSeconds, params (string, string)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000)) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        return (process.HasExited ? process.ExitCode : -1, stdout.Result + stderr.Result);
    }
}
