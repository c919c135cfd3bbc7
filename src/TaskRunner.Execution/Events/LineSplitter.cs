using System.Text;

namespace TaskRunner.Execution.Events;

/// <summary>Turns chunks of text into complete lines (LF or CRLF), keeping an unfinished tail for the next chunk.</summary>
internal sealed class LineSplitter(Action<string> line)
{
    private readonly StringBuilder _pending = new();

    public void Append(string chunk)
    {
        foreach (var c in chunk)
        {
            if (c == '\n')
            {
                var text = _pending.Length > 0 && _pending[^1] == '\r' ? _pending.ToString(0, _pending.Length - 1) : _pending.ToString();
                _pending.Clear();
                line(text);
            }
            else
            {
                _pending.Append(c);
            }
        }
    }

    /// <summary>Emits the unfinished last line, if any.</summary>
    public void Flush()
    {
        if (_pending.Length == 0) return;
        var text = _pending.ToString().TrimEnd('\r');
        _pending.Clear();
        line(text);
    }
}
