using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Opens a <see cref="DockerEngine"/> on an engine found as the docker CLI finds it (<c>--context</c>,
/// <c>DOCKER_HOST</c> with TLS, <c>DOCKER_CONTEXT</c>, the current context, the local socket; see
/// <see cref="EngineEndpointResolver"/>) and negotiates the API version: the lower of what the engine speaks and the
/// newest this client knows, so old engines (1.41 here) and newer ones both work.
/// </summary>
public static class DockerEngineConnector
{
    /// <summary>The newest Engine API version whose request shapes TaskRunner relies on.</summary>
    public static readonly Version MaxClientApiVersion = new(1, 47);

    /// <summary>Connects to the engine this process's environment and docker config name.</summary>
    public static Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken)
    {
        EngineEndpoint endpoint;
        try { endpoint = EngineEndpointResolver.FromProcess().Resolve(null); }
        catch (EngineEndpointException e) { throw new EngineException(e.Message, e); }
        return ConnectAsync(endpoint, cancellationToken);
    }

    public static async Task<DockerEngine> ConnectAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            var server = await EngineClientFactory.ProbeApiVersionAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var negotiated = server < MaxClientApiVersion ? server : MaxClientApiVersion;
            // Builds, waits and log streams last as long as the step does: the step's own deadline bounds them.
            var client = EngineClientFactory.Create(endpoint, negotiated, Timeout.InfiniteTimeSpan, EngineQueryParameters.Instance);
            return new DockerEngine(client, negotiated, endpoint.Describe());
        }
        catch (EngineEndpointException e)
        {
            throw new EngineException(e.Message, e);
        }
    }
}
