using System.Text.RegularExpressions;
using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>Masking a line that reaches the masker in pieces (<see cref="StepOutput.Continues"/>).</summary>
[TestFixture]
public sealed class SecretMaskingPiecesTests
{
    private const int Piece = StepOutput.PieceLength;
    private const string Secret = "hunter2-secret";

    private static List<StepOutput> Outputs(RecordingObserver inner) => inner.Events.OfType<StepOutput>().ToList();

    [Test]
    public void A_secret_straddling_the_cut_between_two_pieces_is_masked_on_both_sides()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, [Secret]);
        var line = new string('x', Piece - 6) + Secret + "tail";

        LineSplitter.Pieces(line, (piece, more) => masking.OnEvent(new StepOutput("s", piece, false) { Continues = more }));

        var outputs = Outputs(inner);
        Assert.That(outputs.Select(o => o.Continues), Is.EqualTo(new[] { true, false }));
        Assert.That(outputs[0].Text, Is.EqualTo(new string('x', Piece - 6) + "***"));
        Assert.That(outputs[1].Text, Is.EqualTo("***tail"));
    }

    [Test]
    public void An_encoding_of_a_secret_straddling_a_cut_is_masked_too()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, [Secret]);
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secret));
        var line = new string('.', 2 * Piece - 5) + base64 + "!";

        LineSplitter.Pieces(line, (piece, more) => masking.OnEvent(new StepOutput("s", piece, false) { Continues = more }));

        var outputs = Outputs(inner);
        Assert.That(outputs, Has.Count.EqualTo(3));
        Assert.That(string.Concat(outputs.Select(o => o.Text)), Is.EqualTo(new string('.', 2 * Piece - 5) + "******!"));
    }

    [Test]
    public void Masking_a_line_in_pieces_hides_what_masking_it_whole_hides_wherever_the_cuts_fall()
    {
        var masker = new SecretMasker([Secret, "s3cr3t-token-value", "abc"]);
        var random = new Random(20261207);
        string[] words = ["hunter2-", "secret", Secret, "s3cr3t-token-value", "abc", "ab", "c", " ", "word", "x"];
        for (var round = 0; round < 200; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => words[random.Next(words.Length)]));
            // Real pieces are 64 Ki characters, far longer than any secret: here they are just long enough.
            var pieces = Cuts(text, random, masker.LongestVariant);
            var masked = new List<string>();
            var covered = 0;
            for (var i = 0; i < pieces.Count; i++)
                masked.Add(masker.MaskPiece(pieces[i], covered, i + 1 < pieces.Count ? pieces[i + 1] : [], out covered));

            Assert.That(Collapse(string.Concat(masked)), Is.EqualTo(Collapse(masker.Mask(text))), $"{text} cut as {string.Join("|", pieces)}");
        }
    }

    [Test]
    public void A_held_piece_goes_out_before_its_step_finishes_even_when_its_line_never_ended()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, [Secret]);
        masking.OnEvent(new StepOutput("s", new string('x', Piece - 3) + "hun", false) { Continues = true });
        masking.OnEvent(new StepOutput("other", "other " + Secret, true));
        Assert.That(Outputs(inner).Select(o => o.StepId), Is.EqualTo(new[] { "other" }), "held until the next piece");

        masking.OnEvent(new StepFinished(new StepResult("s", StepKind.Cmd, StepStatus.Cancelled, TimeSpan.Zero, "cancelled")));

        var events = inner.Events;
        Assert.That(events[^2], Is.TypeOf<StepOutput>());
        var released = (StepOutput)events[^2];
        Assert.That(released.Continues, Is.False);
        Assert.That(released.Text, Does.EndWith("xhun"));
        Assert.That(events[^1], Is.TypeOf<StepFinished>());
        Assert.That(((StepOutput)events[0]).Text, Is.EqualTo("other ***"));
    }

    [Test]
    public void Pieces_pass_unchanged_when_there_is_no_secret()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, []);
        var piece = new StepOutput("s", new string('x', Piece), false) { Continues = true };
        masking.OnEvent(piece);
        Assert.That(inner.Events.Single(), Is.SameAs(piece));
    }

    private static List<string> Cuts(string text, Random random, int shortest)
    {
        var pieces = new List<string>();
        var at = 0;
        while (at < text.Length)
        {
            var n = random.Next(shortest, shortest + 12);
            pieces.Add(text.Substring(at, Math.Min(n, text.Length - at)));
            at += n;
        }
        return pieces;
    }

    /// <summary>Adjacent placeholders as one: a run of matches cut in two shows as two placeholders, one per piece.</summary>
    private static string Collapse(string text) => Regex.Replace(text, @"(\*\*\*)+", "***");
}
