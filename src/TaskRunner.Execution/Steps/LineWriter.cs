using System.Text;
using TaskRunner.Execution.Events;

namespace TaskRunner.Execution.Steps;

/// <summary>
/// A <see cref="TextWriter"/> that hands each complete line to a callback (for in-process commands' output); a line
/// longer than <see cref="StepOutput.PieceLength"/> goes in pieces (<see cref="LineSplitter"/>), each with whether it continues.
/// </summary>
internal sealed class LineWriter(Action<string, bool> piece) : TextWriter
{
    private readonly LineSplitter _splitter = new(piece);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => _splitter.Append(new ReadOnlySpan<char>(in value));
    public override void Write(string? value) { if (value is not null) _splitter.Append(value); }
    public override void Write(char[] buffer, int index, int count) => _splitter.Append(buffer.AsSpan(index, count));
    public override void Write(ReadOnlySpan<char> buffer) => _splitter.Append(buffer);
    public override void Flush() => _splitter.Flush();
}
