using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// A BuildKit builder pointed at one engine of --platform-engine: the docker CLI it runs gets that engine in its
/// environment (<c>DOCKER_CONTEXT</c> for a context, with DOCKER_HOST removed as it would win; <c>DOCKER_HOST</c> for
/// an address, with this process's DOCKER_TLS* and DOCKER_CERT_PATH), over the step's own variables.
/// </summary>
public sealed class EngineBoundBuildKit(IBuildKitBuilder inner, string engine) : IBuildKitBuilder
{
    public Task BuildAsync(BuildKitBuild build, Action<string> output, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>(build.Environment, StringComparer.Ordinal);
        if (engine.Contains("://", StringComparison.Ordinal))
        {
            environment["DOCKER_HOST"] = engine;
            environment["DOCKER_CONTEXT"] = null;
        }
        else
        {
            environment["DOCKER_HOST"] = null;
            environment["DOCKER_CONTEXT"] = engine;
        }
        return inner.BuildAsync(build with { Environment = environment }, output, cancellationToken);
    }
}
