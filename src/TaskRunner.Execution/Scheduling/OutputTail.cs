namespace TaskRunner.Execution.Scheduling;

/// <summary>
/// The newest <see cref="Limit"/> characters of a step attempt's output (each line followed by a line break), kept to
/// match retryOnErrors: a ring of characters that grows to the limit and then overwrites its oldest part, so each
/// character written costs O(1) whatever the output's length. Not thread-safe.
/// </summary>
internal sealed class OutputTail(int limit)
{
    private char[] _ring = [];
    private int _start;
    private int _length;

    public int Limit { get; } = limit;

    /// <summary>Characters copied into the ring so far (what <see cref="Append"/> costs; at most what was appended).</summary>
    public long CharactersCopied { get; private set; }

    /// <summary>Adds a piece of output, followed by a line break unless the piece's line continues.</summary>
    public void Append(ReadOnlySpan<char> text, bool continues)
    {
        Write(text);
        if (!continues) Write("\n");
    }

    public override string ToString()
    {
        if (_length == 0) return "";
        var first = Math.Min(_length, _ring.Length - _start);
        return string.Concat(_ring.AsSpan(_start, first), _ring.AsSpan(0, _length - first));
    }

    private void Write(ReadOnlySpan<char> text)
    {
        // Only the newest part of a text longer than the limit can stay.
        if (text.Length > Limit) text = text[^Limit..];
        if (text.IsEmpty) return;
        if (_length + text.Length > _ring.Length && _ring.Length < Limit) Grow(_length + text.Length);
        CharactersCopied += text.Length;
        var end = (_start + _length) % _ring.Length;
        var first = Math.Min(text.Length, _ring.Length - end);
        text[..first].CopyTo(_ring.AsSpan(end));
        text[first..].CopyTo(_ring);
        var overflow = _length + text.Length - _ring.Length;
        if (overflow > 0)
        {
            _start = (_start + overflow) % _ring.Length;
            _length = _ring.Length;
        }
        else
        {
            _length += text.Length;
        }
    }

    /// <summary>Makes the ring at least <paramref name="needed"/> long (at most <see cref="Limit"/>), its content from index 0.</summary>
    private void Grow(int needed)
    {
        var size = Math.Min(Limit, Math.Max(needed, Math.Max(256, _ring.Length * 2)));
        var grown = new char[size];
        var first = Math.Min(_length, _ring.Length - _start);
        _ring.AsSpan(_start, first).CopyTo(grown);
        _ring.AsSpan(0, _length - first).CopyTo(grown.AsSpan(first));
        CharactersCopied += _length;
        _ring = grown;
        _start = 0;
    }
}
