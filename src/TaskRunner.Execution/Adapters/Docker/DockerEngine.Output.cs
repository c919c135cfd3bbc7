using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <remarks>
/// A container's output is read from an attachment made just before it starts, as <c>docker run</c> does: the engine
/// copies the container's streams to it as they come, in large frames, and closes it once the container's streams
/// are drained, so the last line is never lost. The other way, following the logs endpoint, makes the engine decode
/// its JSON log file message by message (about twice the engine's CPU of writing it, per line of output), and
/// dockerd 20.10 can end that stream before the last write when the container exits at that moment (moby#43860: a
/// last line without a line break was missed now and then). The logs endpoint stays for containers started without
/// an attachment.
/// </remarks>
public sealed partial class DockerEngine
{
    /// <summary>Attachments made by <see cref="StartAttachedAsync"/>, waiting for <see cref="StreamOutputAsync"/>.</summary>
    private readonly ConcurrentDictionary<string, MultiplexedStream> _attached = new(StringComparer.Ordinal);

    public async Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        if (_attached.TryRemove(container, out var attached))
        {
            using (attached) await OutputPump.RunAsync(attached, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var stream = await Call(() => _client.Containers.GetContainerLogsAsync(container,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, cancellationToken), "read the container's output").ConfigureAwait(false);
        await OutputPump.RunAsync(stream, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches to the container's output, then starts it; <see cref="StreamOutputAsync"/> reads the attachment.</summary>
    private async Task StartAttachedAsync(string container, CancellationToken cancellationToken)
    {
        var attached = await Call(() => _client.Containers.AttachContainerAsync(container,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken), "attach to the container").ConfigureAwait(false);
        if (_attached.TryRemove(container, out var stale)) stale.Dispose();
        _attached[container] = attached;
        try
        {
            await Call(() => _client.Containers.StartContainerAsync(container, new ContainerStartParameters(), cancellationToken), "start the container").ConfigureAwait(false);
        }
        catch
        {
            if (_attached.TryRemove(container, out var unused)) unused.Dispose();
            throw;
        }
    }
}
