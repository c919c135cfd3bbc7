using Docker.DotNet;
using Docker.DotNet.Models;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

public sealed partial class DockerEngine
{
    public async Task StreamOutputAsync(string container, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        using var stream = await Call(() => _client.Containers.GetContainerLogsAsync(container,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, cancellationToken), "read the container's output").ConfigureAwait(false);
        await OutputPump.RunAsync(stream, output, cancellationToken).ConfigureAwait(false);
    }
}
