using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// A step that prints without line breaks, on the real engine through the built taskrunner: its output reaches every
/// progress mode in pieces of <see cref="StepOutput.PieceLength"/> characters, masked across the cuts, and the
/// process's memory stays bounded.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class EndlessLineTests : EngineTest
{
    private const int Piece = StepOutput.PieceLength;
    private const string Secret = "hunter2-secret";

    [Test]
    public async Task Two_hundred_megabytes_without_a_line_break_pass_through_in_pieces_in_bounded_memory()
    {
        const long bytes = 200_000_000;
        var directory = WithTask($"""
            steps:
              - id: endless
                cmd: busybox sh -c "yes x | tr -dc x | head -c {bytes}; echo; echo done"
            """);
        var rss = Path.Combine(Source, "rss.txt");
        var start = new ProcessStartInfo("/usr/bin/time") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%M", "-o", rss, "dotnet", Path.Combine(AppContext.BaseDirectory, "taskrunner.dll"), "run", "--progress", "plain", "--no-docker-socket", "--id", RunId })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();

        // Read as it comes, keeping only counts: the test holds no more of it than taskrunner may.
        long xs = 0;
        int pieces = 0, continued = 0, longest = 0;
        var last = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf("[endless] ", StringComparison.Ordinal);
            if (at < 0) continue;
            var text = line.AsSpan(at + "[endless] ".Length);
            if (text.StartsWith("(continued) ")) { continued++; text = text["(continued) ".Length..]; }
            if (text.Length > 0 && text.Trim('x').IsEmpty) { pieces++; xs += text.Length; longest = Math.Max(longest, text.Length); }
            else last.Add(text.ToString());
        }
        await process.WaitForExitAsync();
        var errors = await stderr;

        Assert.That(process.ExitCode, Is.Zero, errors);
        Assert.That(xs, Is.EqualTo(bytes), "every character arrived");
        Assert.That(longest, Is.EqualTo(Piece));
        Assert.That(pieces, Is.EqualTo((int)(bytes / Piece) + 1));
        Assert.That(continued, Is.EqualTo(pieces - 1), "every piece after the first is marked");
        Assert.That(last, Has.Some.EqualTo("done"));
        var peakMiB = long.Parse(File.ReadAllLines(rss).Last(l => l.Trim().Length > 0).Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024;
        TestContext.Out.WriteLine($"peak resident memory of taskrunner: {peakMiB} MiB");
        Assert.That(peakMiB, Is.LessThan(400), "bounded (it took 2 GB before lines were cut into pieces)");
    }

    [TestCase("plain")]
    [TestCase("json")]
    [TestCase("github")]
    public async Task A_secret_straddling_the_cut_between_two_pieces_is_masked_in_every_mode(string mode)
    {
        // The secret's first 6 characters end the first piece, the rest start the second.
        var directory = WithTask($$"""
            steps:
              - id: long
                cmd: busybox sh -c "head -c {{Piece - 6}} /dev/zero | tr -c x x; echo -n '{{"{{"}}.Secrets.token{{"}}"}}'; echo ' and the end'"
            """);
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = mode == "github" ? "true" : "false", ["GITHUB_STEP_SUMMARY"] = "" };
        var report = Path.Combine(Source, "report.json");
        var (exit, stdout, stderr) = await TaskRunnerProcess.RunAsync(directory, null, environment,
            "run", "--progress", mode == "json" ? "json" : "plain", "--secret", "token=" + Secret, "--report", report, "--id", RunId);

        Assert.That(exit, Is.Zero, stderr);
        foreach (var part in new[] { "hunter", "er2-se", "secret" })
            Assert.That(stdout + stderr + File.ReadAllText(report), Does.Not.Contain(part));
        List<string> texts;
        if (mode == "json")
        {
            var outputs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
                .Where(e => e["type"]!.GetValue<string>() == "output").ToList();
            Assert.That(outputs.Select(e => e["continues"]?.GetValue<bool>() ?? false), Is.EqualTo(new[] { true, false }));
            texts = outputs.Select(e => e["text"]!.GetValue<string>()).ToList();
        }
        else
        {
            var prefix = mode == "github" ? "" : "[long] ";
            texts = stdout.Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => !l.Contains("started", StringComparison.Ordinal) && (l.Contains(new string('x', 100), StringComparison.Ordinal) || l.Contains("and the end", StringComparison.Ordinal)))
                .Select(l => mode == "github" ? l : l[(l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..]).ToList();
            Assert.That(texts[1], Does.StartWith(PlainPrefix));
            texts[1] = texts[1][PlainPrefix.Length..];
        }
        Assert.That(texts, Has.Count.EqualTo(2));
        Assert.That(texts[0], Is.EqualTo(new string('x', Piece - 6) + "***"));
        Assert.That(texts[1], Is.EqualTo("*** and the end"));
    }

    private const string PlainPrefix = "(continued) ";

    [Test]
    public async Task The_last_line_of_many_quick_containers_arrives_even_without_a_line_break()
    {
        // dockerd 20.10's log follower could miss a container's last write (moby#43860); the attachment never does.
        var steps = string.Concat(Enumerable.Range(0, 12).Select(i => $"""
              - id: s{i}
                cmd: busybox printf 'first\nlast line {i}'
                when: ["-"]

            """));
        var plan = Plans.Load("steps:\n" + steps, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        for (var i = 0; i < 12; i++) Assert.That(Events.OutputOf($"s{i}"), Is.EqualTo(new[] { "first", $"last line {i}" }));
    }
}
