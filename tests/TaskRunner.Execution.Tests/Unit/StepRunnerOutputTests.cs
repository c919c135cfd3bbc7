using System.Text;
using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>
/// What <see cref="StepRunner"/> does with a step's output: the continues flag each piece comes with reaches the
/// observers as it was given, and the output kept to match retryOnErrors is the newest part, pieces joined.
/// </summary>
[TestFixture]
public sealed class StepRunnerOutputTests
{
    private const int Piece = StepOutput.PieceLength;

    /// <summary>A step action that runs a script per attempt (by attempt number, from 1) instead of a container.</summary>
    private sealed class ScriptedAction(Action<StepAttempt> attempt) : IStepAction
    {
        public string Describe(PlannedStep step) => "scripted";

        public Task RunAsync(PlannedStep step, StepAttempt stepAttempt, CancellationToken cancellationToken)
        {
            attempt(stepAttempt);
            return Task.CompletedTask;
        }
    }

    private static async Task<(StepResult Result, List<StepOutput> Outputs)> RunAsync(string stepYaml, Action<StepAttempt> attempt)
    {
        var step = Plans.Load("steps:\n" + stepYaml, "out1").Steps.Single();
        var events = new RecordingObserver();
        var result = await new StepRunner(events).RunAsync(step, new ScriptedAction(attempt), CancellationToken.None);
        return (result, events.Events.OfType<StepOutput>().ToList());
    }

    [Test]
    public async Task A_whole_line_as_long_as_a_piece_does_not_continue_and_a_short_piece_can()
    {
        var (_, outputs) = await RunAsync("  - cmd: fake\n", attempt =>
        {
            attempt.Output(new string('w', Piece), isError: false);
            attempt.Output("short piece", isError: true, continues: true);
            attempt.Output("its end", isError: true);
        });
        Assert.That(outputs.Select(o => (o.Text.Length, o.IsError, o.Continues)),
            Is.EqualTo(new[] { (Piece, false, false), (11, true, true), (7, true, false) }));
    }

    [Test]
    public async Task RetryOnErrors_finds_a_string_cut_between_two_pieces_of_a_line()
    {
        var (result, _) = await RunAsync("""
              - cmd: fake
                retries: 1
                retryOnErrors: ["connection reset"]
            """ + "\n", attempt =>
        {
            if (attempt.Attempt > 1) return;
            attempt.Output(new string('x', Piece - 5) + "conne", isError: true, continues: true);
            attempt.Output("ction reset by peer", isError: true);
            throw new StepFailedException("exit code 1", exitCode: 1);
        });
        Assert.That(result.Status, Is.EqualTo(StepStatus.Succeeded), result.Error);
    }

    [Test]
    public async Task RetryOnErrors_looks_at_the_newest_megabyte_of_output_only()
    {
        var line = new string('o', 999);
        void Print(StepAttempt attempt, string first, string last)
        {
            attempt.Output(first, false);
            for (var i = 0; i < 3000; i++) attempt.Output(line, false);
            attempt.Output(last, false);
            throw new StepFailedException("exit code 1", exitCode: 1);
        }
        const string Step = "  - cmd: fake\n    retries: 1\n    retryOnErrors: [\"disk full\"]\n";

        var attempts = 0;
        var (early, _) = await RunAsync(Step, a => { attempts++; Print(a, "disk full", "the end"); });
        Assert.That(early.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(attempts, Is.EqualTo(1), "3 MB of output later, the first line is no longer kept");

        attempts = 0;
        var (late, _) = await RunAsync(Step, a => { attempts++; Print(a, "the start", "disk full"); });
        Assert.That(late.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(attempts, Is.EqualTo(2));
    }
}

/// <summary><see cref="OutputTail"/>: the newest characters of an output, at a bounded cost per character.</summary>
[TestFixture]
public sealed class OutputTailTests
{
    [Test]
    public void Keeps_exactly_the_newest_characters_with_a_line_break_after_each_line_that_ends()
    {
        var random = new Random(1301);
        foreach (var limit in new[] { 1, 7, 100, 4096 })
        {
            var tail = new OutputTail(limit);
            var all = new StringBuilder();
            for (var i = 0; i < 2000; i++)
            {
                var text = new string((char)('a' + i % 26), random.Next(0, i % 50 == 0 ? 3 * limit : 40));
                var continues = random.Next(4) == 0;
                tail.Append(text, continues);
                all.Append(text);
                if (!continues) all.Append('\n');
                var expected = all.Length > limit ? all.ToString(all.Length - limit, limit) : all.ToString();
                Assert.That(tail.ToString(), Is.EqualTo(expected), $"limit {limit}, after {i + 1} pieces");
            }
        }
    }

    [Test]
    public void Each_character_is_copied_a_bounded_number_of_times_however_long_the_output()
    {
        const int Limit = 1 << 20;
        var tail = new OutputTail(Limit);
        var line = new string('l', 10);
        long appended = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            tail.Append(line, continues: false);
            appended += line.Length + 1;
        }
        // Trimming the front line by line would move the whole megabyte for each of these lines (10^12 characters);
        // the ring copies each character once, plus its growth to the limit (less than twice the limit).
        Assert.That(tail.CharactersCopied, Is.LessThanOrEqualTo(appended + 2L * Limit));
        Assert.That(tail.ToString(), Has.Length.EqualTo(Limit));
    }
}
