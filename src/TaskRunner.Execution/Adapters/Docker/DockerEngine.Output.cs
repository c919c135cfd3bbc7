using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <remarks>
/// A container's output is read from an attachment made before it starts (right after its creation), as <c>docker run</c> does: the engine
/// copies the container's streams to it as they come, in large frames, and closes it once the container's streams
/// are drained, so the last line is never lost. The other way, following the logs endpoint, makes the engine decode
/// its JSON log file message by message (about twice the engine's CPU of writing it, per line of output), and
/// dockerd 20.10 can end that stream before the last write when the container exits at that moment (moby#43860: a
/// last line without a line break was missed now and then). The logs endpoint stays for containers started without
/// an attachment.
/// </remarks>
public sealed partial class DockerEngine
{
    /// <summary>Attachments made at creation (or by <see cref="StartAttachedAsync"/>), waiting for <see cref="StreamOutputAsync"/>.</summary>
    private readonly ConcurrentDictionary<string, MultiplexedStream> _attached = new(StringComparer.Ordinal);
    /// <summary>The ids of the containers created by name, so that a removal by name also closes an attachment made by id.</summary>
    private readonly ConcurrentDictionary<string, string> _idsByName = new(StringComparer.Ordinal);

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

    /// <summary>Containers with an attachment no reader has taken yet (tests check that none is left behind).</summary>
    internal int WaitingAttachments => _attached.Count;

    /// <summary>
    /// Attaches to a container's output right after its creation, so that starting it is a single call: a container
    /// created ahead of its step (while the run sets up, or while the steps before it run) is ready to go when its step
    /// starts, and parallel steps' starts do not queue behind attach calls on a busy engine. An attachment that fails
    /// here is made again by <see cref="StartAttachedAsync"/>, which reports its error.
    /// </summary>
    private async Task AttachQuietlyAsync(string container, CancellationToken cancellationToken)
    {
        try { await AttachAsync(container, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is EngineException or OperationCanceledException) { }
    }

    private async Task AttachAsync(string container, CancellationToken cancellationToken)
    {
        var attached = await Call(() => _client.Containers.AttachContainerAsync(container,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken), "attach to the container").ConfigureAwait(false);
        if (_attached.TryRemove(container, out var stale)) stale.Dispose();
        _attached[container] = attached;
    }

    /// <summary>Starts the container with an attachment to its output (made now when its creation made none); <see cref="StreamOutputAsync"/> reads it.</summary>
    private async Task StartAttachedAsync(string container, CancellationToken cancellationToken)
    {
        if (!_attached.ContainsKey(container)) await AttachAsync(container, cancellationToken).ConfigureAwait(false);
        try
        {
            await Call(() => _client.Containers.StartContainerAsync(container, new ContainerStartParameters(), cancellationToken), "start the container").ConfigureAwait(false);
        }
        catch
        {
            DropAttachment(container);
            throw;
        }
    }

    /// <summary>Closes the attachment of a container no one will read (it goes, or never started).</summary>
    private void DropAttachment(string container)
    {
        if (_attached.TryRemove(container, out var unused)) unused.Dispose();
    }
}
