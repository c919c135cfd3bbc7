namespace TaskRunner.Tasks.Loading.Text;

/// <summary>One line of a derived text, with the original line it came from and how its columns map back.</summary>
public sealed class MappedLine
{
    public MappedLine(string text, int originalLine, IReadOnlyList<TextPiece> pieces)
    {
        Text = text;
        OriginalLine = originalLine;
        Pieces = pieces;
    }

    public string Text { get; }
    /// <summary>1-based line in the original file.</summary>
    public int OriginalLine { get; }
    public IReadOnlyList<TextPiece> Pieces { get; }

    public static MappedLine Verbatim(string text, int originalLine) =>
        new(text, originalLine, [new TextPiece(0, text.Length, 1, true)]);

    /// <summary>Maps a 1-based column of this line to a 1-based column of the original line.</summary>
    public int OriginalColumn(int column)
    {
        var index = Math.Max(0, column - 1);
        foreach (var piece in Pieces)
        {
            if (index >= piece.Start && index < piece.Start + Math.Max(1, piece.Length))
                return piece.Exact ? piece.OriginalColumn + (index - piece.Start) : piece.OriginalColumn;
        }
        if (Pieces.Count == 0) return column;
        var last = Pieces[^1];
        return (last.Exact ? last.OriginalColumn + last.Length : last.OriginalColumn + 1) + (index - (last.Start + last.Length));
    }
}
