using System.Text;
using TaskRunner.Execution.Events;

namespace TaskRunner.Execution.Steps;

/// <summary>A <see cref="TextWriter"/> that hands each complete line to a callback (for in-process commands' output).</summary>
internal sealed class LineWriter(Action<string> line) : TextWriter
{
    private readonly LineSplitter _splitter = new(line);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => _splitter.Append(value.ToString());
    public override void Write(string? value) { if (value is not null) _splitter.Append(value); }
    public override void Write(char[] buffer, int index, int count) => _splitter.Append(new string(buffer, index, count));
    public override void Flush() => _splitter.Flush();
}
