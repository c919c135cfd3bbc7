using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.Cli.Reporting;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Cli.Tests.Reporting;

/// <summary>How the progress modes print step output: batched, in order, long lines in marked pieces.</summary>
[TestFixture]
public sealed class OutputObserverTests
{
    private const int Piece = StepOutput.PieceLength;
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 2, 3, 456, TimeSpan.Zero);

    private static RunResult Result() => new()
    {
        RunId = "r1",
        Status = RunStatus.Succeeded,
        Duration = TimeSpan.FromSeconds(1),
        Steps = [new StepResult("s", StepKind.Cmd, StepStatus.Succeeded, TimeSpan.FromSeconds(1), null)],
        ImagesBuilt = [],
        ImagesPushed = [],
    };

    private static StepOutput Line(string text, bool isError = false) => new("s", text, isError) { Time = At };
    /// <summary>A piece of a long line that the next output continues.</summary>
    private static StepOutput PieceOf(string text) => new("s", text, false) { Time = At, Continues = true };

    [Test]
    public void Plain_output_keeps_the_order_of_stdout_and_stderr_lines_and_marks_the_pieces_of_a_long_line()
    {
        var both = new StringWriter { NewLine = "\n" };
        var plain = new PlainLogObserver(both, both, new StepColors(false), verbose: false);
        plain.OnEvent(Line("one"));
        plain.OnEvent(Line("warning", isError: true));
        plain.OnEvent(Line("two"));
        plain.OnEvent(PieceOf(new string('x', Piece)));
        plain.OnEvent(PieceOf(new string('y', Piece)));
        plain.OnEvent(Line("end"));
        plain.OnEvent(Line("after"));
        plain.OnEvent(new StepFinished(Result().Steps[0]) { Time = At });

        var lines = both.ToString().Split('\n');
        Assert.That(lines[..7].Select(l => l.Length > 40 ? l[..27] + "..." + l.Length : l), Is.EqualTo(new[]
        {
            "01:02:03.456 [s] one",
            "01:02:03.456 [s] warning",
            "01:02:03.456 [s] two",
            $"01:02:03.456 [s] xxxxxxxxxx...{17 + Piece}",
            $"01:02:03.456 [s] (continued...{17 + 12 + Piece}",
            "01:02:03.456 [s] (continued) end",
            "01:02:03.456 [s] after",
        }));
        Assert.That(lines[7], Does.Contain("[s] succeeded in 1.00 s"));
    }

    [Test]
    public void Plain_output_is_written_in_batches_and_before_anything_else()
    {
        var output = new CountingWriter();
        var plain = new PlainLogObserver(output, output, new StepColors(false), verbose: false);
        for (var i = 0; i < 10_000; i++) plain.OnEvent(Line($"line {i}"));
        plain.OnEvent(new RunFinished(Result()) { Time = At });

        var text = output.ToString();
        Assert.That(text, Does.Contain("[s] line 0" + Environment.NewLine).And.Contain("[s] line 9999" + Environment.NewLine));
        Assert.That(text.IndexOf("line 9999", StringComparison.Ordinal), Is.LessThan(text.IndexOf("Run r1", StringComparison.Ordinal)));
        Assert.That(output.Writes, Is.LessThan(100), "10,000 lines in a few batches, not a write each");
    }

    [Test]
    public void Json_output_events_are_written_as_the_JSON_serializer_writes_them()
    {
        var output = new StringWriter { NewLine = "\n" };
        var json = new JsonEventsObserver(output, new IndexTracker());
        string[] texts = ["plain", "quote \" backslash \\ tab \t cr \r", "<html> & 'x' + `y`", "é ü 日本 😀", "\u0001\u001f\u007f\u2028\u2029", "lone \ud800 surrogate", ""];
        foreach (var text in texts) json.OnEvent(Line(text, isError: text.Length % 2 == 0));
        json.OnEvent(PieceOf(new string('z', Piece)));
        json.OnEvent(new RunFinished(Result()) { Time = At });

        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var lines = output.ToString().Split('\n');
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = new JsonObject
            {
                ["type"] = "output", ["time"] = "2026-12-07T01:02:03.456Z", ["step"] = "s",
                ["stream"] = texts[i].Length % 2 == 0 ? "stderr" : "stdout", ["text"] = texts[i],
            };
            Assert.That(lines[i], Is.EqualTo(expected.ToJsonString(options)), texts[i]);
        }
        var piece = JsonNode.Parse(lines[texts.Length])!;
        Assert.That(piece["continues"]!.GetValue<bool>(), Is.True);
        Assert.That(piece["text"]!.GetValue<string>(), Has.Length.EqualTo(Piece));
        Assert.That(JsonNode.Parse(lines[texts.Length + 1])!["type"]!.GetValue<string>(), Is.EqualTo("runFinished"));
    }

    [Test]
    public void A_GitHub_group_of_more_output_than_it_keeps_in_memory_comes_out_whole_and_in_order()
    {
        var output = new StringWriter { NewLine = "\n" };
        var github = new GitHubActionsObserver(output, null, new IndexTracker());
        github.OnEvent(new StepStarted("s", StepKind.Cmd, "busybox", 1, 1));
        var line = new string('l', 1000);
        for (var i = 0; i < 3000; i++) github.OnEvent(Line($"{i:D5} {line}"));
        github.OnEvent(PieceOf(new string('x', Piece)));
        github.OnEvent(Line("end"));
        github.OnEvent(new StepFinished(Result().Steps[0]));

        var lines = output.ToString().Split('\n');
        var group = lines.SkipWhile(l => !l.StartsWith("::group::", StringComparison.Ordinal)).ToList();
        Assert.That(group[1], Is.EqualTo("started: busybox"));
        Assert.That(group.Skip(2).Take(3000).Select(l => l[..5]), Is.EqualTo(Enumerable.Range(0, 3000).Select(i => i.ToString("D5"))));
        Assert.That(group[3002], Has.Length.EqualTo(Piece));
        Assert.That(group[3003], Is.EqualTo("(continued) end"));
        Assert.That(group[3005], Is.EqualTo("::endgroup::"));
    }

    /// <summary>A text writer that counts the writes it gets (each one a system call on a console).</summary>
    private sealed class CountingWriter : StringWriter
    {
        public int Writes { get; private set; }
        public override void Write(char value) { Writes++; base.Write(value); }
        public override void Write(string? value) { Writes++; base.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Writes++; base.Write(buffer, index, count); }
        public override void Write(ReadOnlySpan<char> buffer) { Writes++; base.Write(buffer); }
        public override void WriteLine(string? value) { Writes++; base.WriteLine(value); }
    }
}
