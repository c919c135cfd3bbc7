using System.Text;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// One step's lines, kept until the step ends (the GitHub Actions group is written whole): in memory up to
/// <see cref="MemoryLimit"/> characters, beyond that in a temporary file, so a step that prints gigabytes does not
/// hold them in memory. The file is removed when the log is disposed.
/// </summary>
internal sealed class StepLog : IDisposable
{
    /// <summary>Characters kept in memory before the log moves to a file.</summary>
    public const int MemoryLimit = 1 << 20;

    private readonly StringBuilder _memory = new();
    private string? _path;
    private StreamWriter? _file;

    /// <summary>Whether the log has moved to a file (for tests).</summary>
    public bool Spilled => _file is not null;

    public void Add(string text) => Add(text.AsSpan());

    public void Add(ReadOnlySpan<char> text, string? mark = null)
    {
        if (_file is null && _memory.Length + text.Length + (mark?.Length ?? 0) > MemoryLimit)
        {
            _path = Path.Combine(Path.GetTempPath(), $"taskrunner-steplog-{Guid.NewGuid():N}.txt");
            _file = new StreamWriter(new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose), new UTF8Encoding(false), 64 * 1024);
            foreach (var chunk in _memory.GetChunks()) _file.Write(chunk.Span);
            _memory.Clear();
            _memory.Capacity = 16;
        }
        if (_file is not null)
        {
            if (mark is not null) _file.Write(mark);
            _file.Write(text);
            _file.Write('\n');
        }
        else
        {
            if (mark is not null) _memory.Append(mark);
            _memory.Append(text).Append('\n');
        }
    }

    /// <summary>Writes every line, in order, each ended with the writer's line break.</summary>
    public void WriteTo(TextWriter output)
    {
        if (_file is null)
        {
            WriteLines(_memory.ToString(), output);
            return;
        }
        _file.Flush();
        var stream = _file.BaseStream;
        stream.Position = 0;
        // Read back through a reader that does not own the stream: the file goes when the writer is disposed.
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        var buffer = new char[64 * 1024];
        int n;
        var newline = output.NewLine;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (newline == "\n") output.Write(buffer, 0, n);
            else output.Write(new string(buffer, 0, n).Replace("\n", newline, StringComparison.Ordinal));
        }
    }

    private static void WriteLines(string text, TextWriter output)
    {
        if (output.NewLine == "\n") output.Write(text);
        else output.Write(text.Replace("\n", output.NewLine, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _path = null;
    }
}
