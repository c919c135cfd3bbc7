using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TaskRunner.Cli.Tests;

/// <summary>A real run whose step prints a secret given with <c>--secret</c> raw, in base64 and in hex: none of them shows.</summary>
[Category("Integration")]
[NonParallelizable]
public class SecretMaskingRunTests
{
    private const string Secret = "pa55-w0rd-XyZ";
    private DirectoryInfo _dir = null!;
    private string _runId = null!;

    [SetUp]
    public void Task()
    {
        _dir = Directory.CreateTempSubdirectory("tr-masking");
        _runId = "sm" + Guid.NewGuid().ToString("N")[..10];
        // The secret reaches the step through its environment, so the command line of the container never holds it.
        File.WriteAllText(Path.Combine(_dir.FullName, "acr-task.yaml"), """
            version: v1.1.0
            steps:
            - id: leak
              env: ["S={{.Secrets.token}}"]
              cmd: busybox sh -c '{ echo -n "$S"; echo; echo -n "$S" | base64; echo -n "user:$S" | base64; echo -n "$S" | od -An -tx1 | tr -d " \n"; echo; } | sed "s/^/out:/"'
            """);
    }

    [TearDown]
    public void Cleanup()
    {
        try
        {
            Assert.That(DockerCli.ObjectsNamedAsync(_runId).GetAwaiter().GetResult(), Is.Empty, "engine objects named after the run id were left");
        }
        finally
        {
            _dir.Delete(true);
        }
    }

    [TestCase("plain")]
    [TestCase("json")]
    public void A_step_printing_the_secret_raw_in_base64_and_in_hex_shows_none_of_them(string progress)
    {
        var report = Path.Combine(_dir.FullName, "report.json");
        var result = TaskRunnerProcess.Run(_dir.FullName, null, ["run", "--secret", $"token={Secret}", "--id", _runId, "--progress", progress, "--report", report, "."]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
        var lines = OutputLines(result.Stdout, progress);
        // Raw, base64 (echo -n "$S" | base64), base64 of a longer text (basic auth), hex (od).
        Assert.That(lines, Is.EqualTo(new[] { "***", "***", "dXNlcjp***", "***" }), result.Stdout);

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret));
        var everything = result.Stdout + result.Stderr + File.ReadAllText(report);
        Assert.That(everything, Does.Not.Contain(Secret));
        Assert.That(everything, Does.Not.Contain(base64.TrimEnd('=')[..^1]), "base64 " + base64);
        Assert.That(everything, Does.Not.Contain("wYTU1LXcwcmQtWHla"), "the secret's part of dXNlcjpwYTU1LXcwcmQtWHla, base64 of user:" + Secret);
        Assert.That(everything, Does.Not.Contain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Secret))));
    }

    [Test]
    public void The_live_view_masks_a_secret_in_a_step_id_and_still_follows_that_step()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "acr-task.yaml"), """
            version: v1.1.0
            steps:
            - id: s-{{.Secrets.token}}
              cmd: busybox echo first-done
            - cmd: busybox echo second-done
            """);
        var result = TaskRunnerProcess.Run(_dir.FullName, null, ["run", "--secret", $"token={Secret}", "--id", _runId, "--progress", "tty", "."]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(Secret));
        // The masked step's row has its state and last line (the view found it by its masked id), and the next row
        // names it, masked, as what it waits for.
        Assert.That(result.Stdout, Does.Match(@"✔ s-\*\*\*\s+│ \(start\)\s+│ succeeded\s+│[^│]+│ first-done"));
        Assert.That(result.Stdout, Does.Match(@"✔ acb_step_1\s+│ s-\*\*\*\s+│ succeeded\s+│[^│]+│ second-done"));
    }

    /// <summary>What the step printed after <c>out:</c>, from the plain log (<c>HH:mm:ss.fff [leak] out:text</c>) or the JSON events.</summary>
    private static List<string> OutputLines(string stdout, string progress)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var texts = progress == "json"
            ? lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("type").GetString() == "output" && e.GetProperty("step").GetString() == "leak")
                .Select(e => e.GetProperty("text").GetString()!)
            : lines.Select(l => Regex.Match(l, @"^\d\d:\d\d:\d\d\.\d{3} \[leak\] (.*)$")).Where(m => m.Success).Select(m => m.Groups[1].Value);
        return texts.Where(t => t.StartsWith("out:", StringComparison.Ordinal)).Select(t => t["out:".Length..]).ToList();
    }

}
