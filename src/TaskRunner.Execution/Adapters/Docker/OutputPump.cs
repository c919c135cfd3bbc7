using System.Buffers;
using System.Text;
using Docker.DotNet;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Reads a container's multiplexed output (stdout and stderr frames) to its end and hands on its lines, each stream
/// through its own UTF-8 decoder and <see cref="LineSplitter"/> (so a line or a character split across frames or
/// reads comes out whole, and a line longer than <see cref="StepOutput.PieceLength"/> in pieces). At the end both
/// decoders and splitters are flushed: a last line without a line break, or a character cut short, is not lost.
/// </summary>
internal static class OutputPump
{
    private const int BufferSize = 64 * 1024;

    public static async Task RunAsync(MultiplexedStream stream, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        var stdout = new Side((text, continues) => output(new OutputLine(text, false, continues)));
        var stderr = new Side((text, continues) => output(new OutputLine(text, true, continues)));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, BufferSize, cancellationToken).ConfigureAwait(false);
                if (read.EOF) break;
                (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Add(buffer.AsSpan(0, read.Count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        stdout.End();
        stderr.End();
    }

    /// <summary>One stream: bytes to characters to lines.</summary>
    private sealed class Side(Action<string, bool> piece)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly LineSplitter _lines = new(piece);
        private char[] _chars = [];

        public void Add(ReadOnlySpan<byte> bytes) => Decode(bytes, flush: false);

        public void End()
        {
            Decode([], flush: true);
            _lines.Flush();
        }

        private void Decode(ReadOnlySpan<byte> bytes, bool flush)
        {
            var most = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (_chars.Length < most) _chars = new char[Math.Max(most, 256)];
            var n = _decoder.GetChars(bytes, _chars, flush);
            _lines.Append(_chars.AsSpan(0, n));
        }
    }
}
