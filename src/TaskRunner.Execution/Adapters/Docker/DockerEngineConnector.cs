using Docker.DotNet;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Opens a <see cref="DockerEngine"/> on the default endpoint (DOCKER_HOST or the local socket) and negotiates the API
/// version: the lower of what the engine speaks and the newest this client knows, so old engines (1.41 here) and
/// newer ones both work.
/// </summary>
public static class DockerEngineConnector
{
    /// <summary>The newest Engine API version whose request shapes TaskRunner relies on.</summary>
    public static readonly Version MaxClientApiVersion = new(1, 47);

    public static async Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken)
    {
        Version server;
        using (var probe = NewBuilder().WithTimeout(TimeSpan.FromSeconds(15)).Build())
        {
            try
            {
                var version = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
                server = Version.TryParse(version.APIVersion, out var v) ? v : new Version(1, 41);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new EngineException($"cannot reach the Docker engine at {probe.Options.Endpoint}: {e.GetBaseException().Message}", e);
            }
        }
        var negotiated = server < MaxClientApiVersion ? server : MaxClientApiVersion;
        // Builds, waits and log streams last as long as the step does: the step's own deadline bounds them.
        var client = NewBuilder().WithApiVersion(negotiated).WithTimeout(Timeout.InfiniteTimeSpan).WithAuthProvider(EngineQueryParameters.Instance).Build();
        return new DockerEngine(client, negotiated);
    }

    private static DockerClientBuilder NewBuilder()
    {
        var builder = new DockerClientBuilder();
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(host) ? builder : builder.WithEndpoint(new Uri(host));
    }
}
