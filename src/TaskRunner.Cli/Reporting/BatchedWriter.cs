namespace TaskRunner.Cli.Reporting;

/// <summary>
/// Gathers the text of many output lines and writes it to a <see cref="TextWriter"/> in one call, then flushes: a step
/// printing hundreds of thousands of lines costs a few thousand writes, not one (or two) per line. The owner drains it
/// before writing anything else, when it holds <see cref="Limit"/> characters, and on a short timer
/// (<see cref="OutputBatches"/>), so a line never waits long. Not thread-safe: the owner serialises its use.
/// </summary>
internal sealed class BatchedWriter(TextWriter inner)
{
    /// <summary>Drained once it holds this many characters.</summary>
    public const int Limit = 32 * 1024;

    private char[] _buffer = new char[4096];
    private int _length;

    public TextWriter Inner => inner;

    public bool IsEmpty => _length == 0;

    public bool IsFull => _length >= Limit;

    public void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            // A piece of a long line can be bigger than the batch: write what is held, then the text itself.
            if (text.Length > Limit)
            {
                Drain();
                inner.Write(text);
                return;
            }
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + text.Length));
        }
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    public void Append(char c)
    {
        if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[_length++] = c;
    }

    /// <summary>Writes what is held and flushes the writer.</summary>
    public void Drain()
    {
        if (_length > 0)
        {
            inner.Write(_buffer, 0, _length);
            _length = 0;
        }
        inner.Flush();
        // A long line's pieces can have grown the buffer: give the memory back.
        if (_buffer.Length > 4 * Limit) _buffer = new char[4096];
    }
}

/// <summary>
/// The timer that drains an observer's <see cref="BatchedWriter"/>s: started with the first batched line, ticking
/// every <see cref="Interval"/> while the run lasts, stopped at its end.
/// </summary>
internal sealed class OutputBatches(object gate, Action drain) : IDisposable
{
    /// <summary>The longest a line waits before it is written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private Timer? _timer;
    private bool _stopped;

    /// <summary>Starts the timer if it is not running (call under <paramref name="gate"/>).</summary>
    public void Start()
    {
        if (_timer is not null || _stopped) return;
        _timer = new Timer(_ =>
        {
            lock (gate) if (!_stopped) drain();
        }, null, Interval, Interval);
    }

    /// <summary>Stops the timer for good (call under <paramref name="gate"/>, after a last drain).</summary>
    public void Dispose()
    {
        _stopped = true;
        _timer?.Dispose();
        _timer = null;
    }
}

/// <summary>Event times as the progress modes print them, formatted once per millisecond.</summary>
internal sealed class EventClock
{
    private long _clockMs = -1, _isoMs = -1;
    private string _clock = "", _iso = "";

    /// <summary><c>HH:mm:ss.fff</c>, UTC.</summary>
    public string Clock(DateTimeOffset time)
    {
        var ms = time.UtcTicks / TimeSpan.TicksPerMillisecond;
        if (ms != _clockMs)
        {
            _clock = time.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            _clockMs = ms;
        }
        return _clock;
    }

    /// <summary>ISO-8601 with milliseconds, UTC: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public string Iso(DateTimeOffset time)
    {
        var ms = time.UtcTicks / TimeSpan.TicksPerMillisecond;
        if (ms != _isoMs)
        {
            _iso = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            _isoMs = ms;
        }
        return _iso;
    }
}
