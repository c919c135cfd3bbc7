namespace TaskRunner.Execution.Events;

/// <summary>
/// Turns chunks of text into lines (LF or CRLF), keeping an unfinished tail for the next chunk. A line longer than
/// <see cref="StepOutput.PieceLength"/> is handed on in pieces as it arrives: each piece that continues is
/// <see cref="StepOutput.PieceLength"/> characters long (one more when it would end between the halves of a surrogate
/// pair), the line's last piece is shorter (empty when the line's length is a multiple of the piece length), so what
/// the splitter holds is bounded whatever the input. Each text is handed on with whether it continues (is not the end
/// of its line). Not thread-safe: one splitter per stream.
/// </summary>
internal sealed class LineSplitter(Action<string, bool> piece)
{
    private const int PieceLength = StepOutput.PieceLength;

    private char[] _pending = new char[256];
    private int _length;

    public void Append(string chunk) => Append(chunk.AsSpan());

    public void Append(ReadOnlySpan<char> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf('\n');
            var body = newline < 0 ? chunk : chunk[..newline];
            if (newline >= 0 && _length == 0)
            {
                // The common case: a whole line inside the chunk, made into its string straight from the chunk.
                EmitLine(WithoutCr(body));
                chunk = chunk[(newline + 1)..];
                continue;
            }
            Hold(body);
            if (newline < 0) return;
            EmitLine(WithoutCr(_pending.AsSpan(0, _length)));
            _length = 0;
            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Emits the unfinished last line, if any (at the end of the stream).</summary>
    public void Flush()
    {
        if (_length == 0) return;
        var text = _pending.AsSpan(0, _length).TrimEnd('\r');
        EmitLine(text);
        _length = 0;
    }

    /// <summary>Cuts a text into the pieces described above and hands each on (for sources that give whole lines).</summary>
    public static void Pieces(ReadOnlySpan<char> text, Action<string, bool> piece)
    {
        while (text.Length >= PieceLength)
        {
            var cut = Cut(text);
            piece(new string(text[..cut]), true);
            text = text[cut..];
        }
        piece(new string(text), false);
    }

    private void EmitLine(ReadOnlySpan<char> text) => Pieces(text, piece);

    /// <summary>Adds text of an unfinished line, handing on full pieces while at least two characters stay behind.</summary>
    private void Hold(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (_length == _pending.Length)
                Array.Resize(ref _pending, Math.Min(Math.Max(_pending.Length * 2, 256), 2 * PieceLength + 2));
            var n = Math.Min(_pending.Length - _length, text.Length);
            text[..n].CopyTo(_pending.AsSpan(_length));
            _length += n;
            text = text[n..];
            // A piece is handed on only with characters after it, so it is never the line's end (that one is shorter).
            while (_length >= PieceLength + 2)
            {
                var cut = Cut(_pending.AsSpan(0, _length));
                piece(new string(_pending, 0, cut), true);
                _pending.AsSpan(cut, _length - cut).CopyTo(_pending);
                _length -= cut;
            }
        }
    }

    /// <summary>Where the first piece of a text of at least <see cref="PieceLength"/> characters ends.</summary>
    private static int Cut(ReadOnlySpan<char> text) =>
        text.Length > PieceLength && char.IsHighSurrogate(text[PieceLength - 1]) && char.IsLowSurrogate(text[PieceLength]) ? PieceLength + 1 : PieceLength;

    private static ReadOnlySpan<char> WithoutCr(ReadOnlySpan<char> text) => text.Length > 0 && text[^1] == '\r' ? text[..^1] : text;
}
