using System.Diagnostics;
using System.Text.Json;

namespace TaskRunner.Cli.Tests;

/// <summary>The progress modes, report and masking of <c>taskrunner run</c> on real runs against the engine.</summary>
[Category("Integration")]
[NonParallelizable]
public class RunProgressTests
{
    private const string Secret = "pa55-w0rd-XyZ";
    private DirectoryInfo _dir = null!;
    private string _runId = null!;

    [SetUp]
    public void Task()
    {
        _dir = Directory.CreateTempSubdirectory("tr-progress");
        _runId = "pr" + Guid.NewGuid().ToString("N")[..10];
        File.WriteAllText(Path.Combine(_dir.FullName, "acr-task.yaml"),
            "version: v1.1.0\nsteps:\n- id: hello\n  cmd: busybox sh -c 'echo one; echo two; echo the secret is {{.Secrets.token}}'\n"
            + "- id: second\n  cmd: busybox echo three\n  when: ['-']\n- id: last\n  cmd: busybox echo done\n  when: [hello, second]\n");
    }

    [TearDown]
    public void Cleanup()
    {
        try
        {
            Assert.That(DockerCli.ObjectsNamedAsync(_runId).GetAwaiter().GetResult(), Is.Empty, "engine objects named after the run id were left");
            Assert.That(DockerCli.ObjectsNamedAsync("va1").GetAwaiter().GetResult(), Is.Empty, "engine objects of the sample's run were left");
        }
        finally
        {
            _dir.Delete(true);
        }
    }

    private TaskRunnerProcess.Result Run(IDictionary<string, string>? env, params string[] args) =>
        TaskRunnerProcess.Run(_dir.FullName, env, ["run", "--id", _runId, "--secret", $"token={Secret}", .. args, "."]);

    [Test]
    public void Json_mode_prints_one_event_per_line_in_order()
    {
        var report = Path.Combine(_dir.FullName, "report.json");
        var result = Run(null, "--progress", "json", "--report", report);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.That(types[0], Is.EqualTo("runStarted"));
        Assert.That(types[^1], Is.EqualTo("runFinished"));
        int Index(string type, string step) => events.FindIndex(e => e.GetProperty("type").GetString() == type && e.TryGetProperty("step", out var s) && s.GetString() == step);
        Assert.That(Index("stepStarted", "hello"), Is.LessThan(Index("stepFinished", "hello")));
        Assert.That(Index("stepFinished", "hello"), Is.LessThan(Index("stepStarted", "last")));
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "output" && e.GetProperty("step").GetString() == "hello").Select(e => e.GetProperty("text").GetString()),
            Is.EqualTo(new[] { "one", "two", "the secret is ***" }));
        Assert.That(events.All(e => DateTimeOffset.TryParse(e.GetProperty("time").GetString(), out _)), Is.True);
        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Repository.Path("docs", "events.schema.json")));
        foreach (var e in events)
            Assert.That(schema.Evaluate(e).IsValid, Is.True, "docs/events.schema.json describes " + e.GetRawText());
        Assert.That(result.Stderr, Does.Contain("STEP"), "the summary goes to stderr in JSON mode");
        Assert.That(result.Stdout + result.Stderr + File.ReadAllText(report), Does.Not.Contain(Secret));

        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        Assert.That(doc.RootElement.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
        Assert.That(doc.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()), Is.All.EqualTo("succeeded"));
        Assert.That(doc.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("exitCode").GetInt32()), Is.All.EqualTo(0));
    }

    [Test]
    public void Plain_mode_prefixes_lines_with_time_and_step_and_no_colour_when_redirected()
    {
        var result = Run(null, "--progress", "plain");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var lines = result.Stdout.Split('\n');
        Assert.That(lines, Has.Some.Match(@"^\d\d:\d\d:\d\d\.\d{3} \[hello\] one$"));
        Assert.That(lines, Has.Some.Match(@"^\d\d:\d\d:\d\d\.\d{3} \[hello\] succeeded in \d+\.\d\d s$"));
        var escape = result.Stdout.IndexOf('\u001b');
        Assert.That(escape, Is.EqualTo(-1), "no colour in a pipe: " + (escape < 0 ? "" : result.Stdout.Substring(Math.Max(0, escape - 80), Math.Min(160, result.Stdout.Length - Math.Max(0, escape - 80)))));
        Assert.That(result.Stdout, Does.Contain("the secret is ***").And.Not.Contain(Secret));
    }

    [Test]
    public void Github_actions_mode_groups_steps_annotates_failures_and_writes_the_summary()
    {
        File.AppendAllText(Path.Combine(_dir.FullName, "acr-task.yaml"), "- id: broken\n  cmd: busybox sh -c 'echo about to fail; exit 3'\n");
        var summary = Path.Combine(_dir.FullName, "summary.md");
        var result = Run(new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary });
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain("::group::hello: succeeded").And.Contain("::endgroup::"));
        var json = Run(null, "--progress", "json");
        var brokenFinished = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("type").GetString() == "stepFinished" && e.GetProperty("step").GetString() == "broken");
        Assert.That(brokenFinished.GetProperty("exitCode").GetInt32(), Is.EqualTo(3), "stepFinished carries the exit code");
        Assert.That(result.Stdout, Does.Contain("::error title=step broken failed::"));
        var group = result.Stdout[result.Stdout.IndexOf("::group::hello", StringComparison.Ordinal)..];
        Assert.That(group[..group.IndexOf("::endgroup::", StringComparison.Ordinal)], Does.Contain("one\ntwo\n").And.Not.Contain("three"), "parallel output is not interleaved");
        var markdown = File.ReadAllText(summary);
        Assert.That(markdown, Does.Contain("| `hello` | succeeded |").And.Contain("| `broken` | failed |"));
        Assert.That(result.Stdout + markdown, Does.Not.Contain(Secret));
    }

    [Test]
    public void Live_view_under_a_pseudo_terminal_shows_every_step_and_the_summary()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "taskrunner.dll");
        var transcript = Path.Combine(_dir.FullName, "typescript");
        File.WriteAllText(Path.Combine(_dir.FullName, "secrets.env"), $"token={Secret}\n");
        var command = $"cd '{_dir.FullName}' && COLUMNS=160 LINES=40 dotnet '{dll}' run --secret-file secrets.env .";
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-q", "-e", "-c", command, transcript }) start.ArgumentList.Add(a);
        start.Environment.Remove("GITHUB_ACTIONS");
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True);
        Assert.That(process.ExitCode, Is.EqualTo(0), File.Exists(transcript) ? File.ReadAllText(transcript) : "no transcript");
        var screen = File.ReadAllText(transcript);
        Assert.That(screen, Does.Contain("\u001b["), "drawn with terminal control sequences");
        foreach (var step in new[] { "hello", "second", "last" }) Assert.That(screen, Does.Contain(step));
        Assert.That(screen, Does.Contain("succeeded").And.Contain("(start)").And.Contain("hello, second"));
        Assert.That(screen, Does.Contain("STEP"), "the summary follows the view");
        Assert.That(screen, Does.Not.Contain(Secret));
    }

    [Test]
    public void The_values_and_aliases_sample_runs_with_its_values_file_and_set()
    {
        var sample = Repository.Path("samples", "values-and-aliases");
        var result = TaskRunnerProcess.Run(sample, (IDictionary<string, string>?)null, "run", "--progress", "plain", "--id", "va1", "--values", "values.yaml", "--set", "version=2.1", ".");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.Contain("[hello-asia] hello asia from DEMO, step 2 of run va1"));
        Assert.That(result.Stdout, Does.Contain("[summary] run va1 has 3 regions, version 2.1"));
    }

    [Test]
    public void Dry_run_prints_the_engine_calls_in_plain_and_json_modes()
    {
        var plain = Run(null, "--dry-run", "--progress", "plain");
        Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Stderr);
        Assert.That(plain.Stdout, Does.Contain("(dry run)").And.Contain("[hello]"));
        var json = Run(null, "--dry-run", "--progress", "json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.Stderr);
        var events = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(events[0].GetProperty("dryRun").GetBoolean(), Is.True);
        Assert.That(events.Count(e => e.GetProperty("type").GetString() == "message"), Is.GreaterThan(0), "the engine calls are message events");
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "stepStarted").Select(e => e.GetProperty("step").GetString()),
            Is.EquivalentTo(new[] { "hello", "second", "last" }));
    }
}
