using System.Text;
using Docker.DotNet;
using NUnit.Framework;
using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Steps;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class LineSplitterTests
{
    private const int Piece = StepOutput.PieceLength;

    private static List<string> Split(params string[] chunks)
    {
        var lines = new List<string>();
        var splitter = new LineSplitter((text, _) => lines.Add(text));
        foreach (var chunk in chunks) splitter.Append(chunk);
        splitter.Flush();
        return lines;
    }

    [Test]
    public void Lines_end_at_LF_or_CRLF_across_chunks_and_the_last_one_needs_no_line_break()
    {
        Assert.That(Split("one\r", "\ntw", "o\n\nthr", "ee"), Is.EqualTo(new[] { "one", "two", "", "three" }));
        Assert.That(Split("a\n"), Is.EqualTo(new[] { "a" }));
        Assert.That(Split(""), Is.Empty);
    }

    [Test]
    public void A_line_longer_than_a_piece_goes_on_in_pieces_as_it_arrives_and_only_the_last_does_not_continue()
    {
        var lines = new List<string>();
        var continues = new List<bool>();
        var splitter = new LineSplitter((piece, more) => { lines.Add(piece); continues.Add(more); });
        var text = string.Concat(Enumerable.Range(0, 3 * Piece + 123).Select(i => (char)('a' + i % 26)));
        for (var at = 0; at < text.Length; at += 1000) splitter.Append(text.AsSpan(at, Math.Min(1000, text.Length - at)));

        // Bounded: the whole pieces went on before the line's end was seen.
        Assert.That(lines, Has.Count.EqualTo(3));
        splitter.Append("\nnext\n");

        Assert.That(lines.Select(l => l.Length), Is.EqualTo(new[] { Piece, Piece, Piece, 123, 4 }));
        Assert.That(string.Concat(lines.Take(4)), Is.EqualTo(text));
        Assert.That(continues, Is.EqualTo(new[] { true, true, true, false, false }));
    }

    [Test]
    public void A_line_of_exactly_one_piece_ends_with_an_empty_piece_so_that_only_pieces_that_continue_are_that_long()
    {
        var line = new string('x', Piece);
        Assert.That(Split(line + "\n").Select(l => l.Length), Is.EqualTo(new[] { Piece, 0 }));
        Assert.That(Split(line).Select(l => l.Length), Is.EqualTo(new[] { Piece, 0 }), "at the end of the stream too");
        Assert.That(Split(line + "\r\n").Select(l => l.Length), Is.EqualTo(new[] { Piece, 0 }));
    }

    [Test]
    public void A_piece_never_ends_between_the_halves_of_a_surrogate_pair()
    {
        var text = new string('x', Piece - 1) + "😀" + "tail";
        var pieces = new List<(string Text, bool Continues)>();
        LineSplitter.Pieces(text, (piece, more) => pieces.Add((piece, more)));
        Assert.That(pieces[0].Text, Has.Length.EqualTo(Piece + 1).And.EndsWith("😀"));
        Assert.That(pieces[0].Continues, Is.True);
        Assert.That(pieces[1], Is.EqualTo(("tail", false)));
        Assert.That(Split(text), Is.EqualTo(pieces.Select(p => p.Text)));
    }

    [Test]
    public void Whole_lines_given_at_once_are_cut_the_same_way()
    {
        var pieces = new List<(int Length, bool Continues)>();
        LineSplitter.Pieces(new string('y', 2 * Piece + 5), (p, more) => pieces.Add((p.Length, more)));
        Assert.That(pieces, Is.EqualTo(new[] { (Piece, true), (Piece, true), (5, false) }));
        pieces.Clear();
        LineSplitter.Pieces("short", (p, more) => pieces.Add((p.Length, more)));
        Assert.That(pieces, Is.EqualTo(new[] { (5, false) }));
    }

    [Test]
    public void The_line_writer_of_in_process_commands_splits_the_same_way()
    {
        var lines = new List<string>();
        using (var writer = new LineWriter((text, _) => lines.Add(text)))
        {
            writer.Write("a");
            writer.Write('b');
            writer.Write("c\nd".ToCharArray(), 0, 3);
            writer.Write(new string('z', Piece + 10).AsSpan());
            writer.Flush();
        }
        Assert.That(lines.Select(l => l.Length > 10 ? $"{l[0]}x{l.Length}" : l), Is.EqualTo(new[] { "abc", $"dx{Piece}", "zx11" }));
    }
}

/// <summary>The engine's multiplexed output as <see cref="OutputPump"/> reads it: frames built by hand, no engine.</summary>
[TestFixture]
public sealed class OutputPumpTests
{
    private static byte[] Frames(params (int Stream, byte[] Data)[] frames)
    {
        var bytes = new MemoryStream();
        foreach (var (stream, data) in frames)
        {
            bytes.Write([(byte)stream, 0, 0, 0, (byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
            bytes.Write(data);
        }
        return bytes.ToArray();
    }

    private static (int, byte[]) Out(string text) => (1, Encoding.UTF8.GetBytes(text));
    private static (int, byte[]) Err(string text) => (2, Encoding.UTF8.GetBytes(text));

    private static async Task<List<OutputLine>> PumpAsync(Stream stream)
    {
        var lines = new List<OutputLine>();
        await OutputPump.RunAsync(new MultiplexedStream(stream, multiplexed: true), lines.Add, CancellationToken.None);
        return lines;
    }

    [Test]
    public async Task The_last_line_without_a_line_break_comes_out_at_the_end_of_the_stream()
    {
        var lines = await PumpAsync(new MemoryStream(Frames(Out("first\nfrom the git"), Out(" context"))));
        Assert.That(lines, Is.EqualTo(new[] { new OutputLine("first", false), new OutputLine("from the git context", false) }));
    }

    [Test]
    public async Task Stdout_and_stderr_keep_their_own_unfinished_lines()
    {
        var lines = await PumpAsync(new MemoryStream(Frames(Out("out1\nou"), Err("err"), Out("t2\n"), Err("or\nlast err"))));
        Assert.That(lines, Is.EqualTo(new[]
        {
            new OutputLine("out1", false), new OutputLine("out2", false), new OutputLine("error", true), new OutputLine("last err", true),
        }));
    }

    [Test]
    public async Task A_character_split_across_frames_comes_out_whole_and_one_cut_short_by_the_end_is_not_lost()
    {
        var e = Encoding.UTF8.GetBytes("é");
        var lines = await PumpAsync(new MemoryStream(Frames((1, [.. "caf"u8, e[0]]), (1, [e[1], (byte)'\n', 0xE2, 0x82]))));
        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "café", "\uFFFD" }));
    }

    [Test]
    public async Task Reads_that_end_anywhere_inside_frames_give_the_same_lines()
    {
        var frames = Frames(Out("al"), Out("pha\nbe"), Err("x\ny"), Out("ta"));
        var lines = await PumpAsync(new TrickleStream(frames, 3));
        Assert.That(lines.Select(l => (l.Text, l.IsError)), Is.EqualTo(new[] { ("alpha", false), ("x", true), ("beta", false), ("y", true) }));
    }

    /// <summary>A stream that returns at most a few bytes per read, as a socket may.</summary>
    private sealed class TrickleStream(byte[] data, int most) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, most), cancellationToken);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
    }
}
