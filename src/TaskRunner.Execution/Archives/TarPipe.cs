using System.IO.Pipelines;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Archives;

/// <summary>Streams what one side writes (a tar being produced) into what the other side reads (an engine upload), through a bounded pipe.</summary>
public static class TarPipe
{
    /// <summary>
    /// Runs a producer that writes into a pipe while the engine call reads from it: nothing is held in memory.
    /// <paramref name="consumerError"/> turns an error of the reading side into the one to throw at once (the producer
    /// cancelled, not awaited); otherwise a failing producer's error is reported as <see cref="EngineException"/>.
    /// </summary>
    public static async Task StreamAsync(Func<Stream, CancellationToken, Task> produce, Func<Stream, Task> consume, CancellationToken cancellationToken, string what,
        Func<Exception, Exception?>? consumerError = null)
    {
        // Large segments and 1 MiB buffers on both ends: few hand-offs between the tar writer and the HTTP sender
        // (per-write flushes of a bare pipe made context uploads ~20% slower than the docker CLI's).
        const int buffer = 1 << 20;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 * buffer, resumeWriterThreshold: 4 * buffer, minimumSegmentSize: buffer / 4));
        using var producerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await using (var writer = new BufferedStream(pipe.Writer.AsStream(leaveOpen: true), buffer))
                    await produce(writer, producerCancel.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            await using var reader = new BufferedStream(pipe.Reader.AsStream(), buffer);
            await consume(reader).ConfigureAwait(false);
        }
        catch (Exception e) when (consumerError?.Invoke(e) is { } translated)
        {
            producerCancel.Cancel();
            throw translated;
        }
        catch
        {
            producerCancel.Cancel();
            await Task.WhenAny(producer).ConfigureAwait(false);
            if (producer.IsFaulted && producer.Exception!.GetBaseException() is var inner && inner is not OperationCanceledException)
                throw new EngineException($"cannot {what}: {inner.Message}", inner);
            throw;
        }
        await producer.ConfigureAwait(false);
    }
}
