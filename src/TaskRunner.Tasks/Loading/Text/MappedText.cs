using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Loading.Text;

/// <summary>
/// A text derived line by line from the original task file (comment lines removed, the alias block cut out, aliases
/// expanded) that still knows where each of its characters came from, so diagnostics point at the original file.
/// </summary>
public sealed class MappedText
{
    public MappedText(string file, IReadOnlyList<MappedLine> lines)
    {
        File = file;
        Lines = lines;
    }

    public const char ByteOrderMark = '\uFEFF';

    public string File { get; }
    public IReadOnlyList<MappedLine> Lines { get; }

    /// <summary>The lines joined with '\n', each line ending with one.</summary>
    public string Text => string.Concat(Lines.Select(l => l.Text + "\n"));

    public static MappedText FromOriginal(string file, string text)
    {
        var lines = SplitLines(text);
        return new MappedText(file, lines.Select((l, i) => i == 0 && l.StartsWith(ByteOrderMark)
            // A byte order mark stays in the text (acb keeps it) but takes no column: editors do not show it.
            ? new MappedLine(l, 1, [new TextPiece(0, 1, 1, false), new TextPiece(1, l.Length - 1, 1, true)])
            : MappedLine.Verbatim(l, i + 1)).ToList());
    }

    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Maps a 1-based line and column of this text to the original file.</summary>
    public SourceSpan Map(int line, int column)
    {
        if (Lines.Count == 0) return new SourceSpan(File, 1, 1);
        if (line < 1) line = 1;
        if (line > Lines.Count) return new SourceSpan(File, Lines[^1].OriginalLine, Lines[^1].OriginalColumn(Lines[^1].Text.Length + 1));
        var mapped = Lines[line - 1];
        return new SourceSpan(File, mapped.OriginalLine, mapped.OriginalColumn(column));
    }

    public MappedText Where(Func<MappedLine, bool> keep) => new(File, Lines.Where(keep).ToList());
}
