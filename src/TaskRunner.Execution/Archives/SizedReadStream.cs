namespace TaskRunner.Execution.Archives;

/// <summary>
/// A forward-only read of a tar entry's data that tells its length up front. The tar writer needs the size of an
/// entry before its data and only asks a seekable stream for it; this stream answers, and refuses any real seek.
/// </summary>
internal sealed class SizedReadStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            if (value != _position) throw new NotSupportedException("the entry's data can only be read forward");
        }
    }

    // Never a read past the entry's end or of zero bytes: some HTTP streams beneath fail on those.
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        return wanted <= 0 ? 0 : Count(inner.Read(buffer[..wanted]));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        return wanted <= 0 ? 0 : Count(await inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        if (target != _position) throw new NotSupportedException("the entry's data can only be read forward");
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _position += read;
        return read;
    }
}
