namespace TaskRunner.Execution.Ports;

/// <summary>
/// Builds with BuildKit (<c>docker buildx build --load</c>), for build steps that set DOCKER_BUILDKIT=1 as in ACR.
/// Throws <see cref="EngineException"/> when the builder is missing or the build fails.
/// </summary>
public interface IBuildKitBuilder
{
    Task BuildAsync(BuildKitBuild build, Action<string> output, CancellationToken cancellationToken);
}

/// <summary>One BuildKit build: the <c>docker build</c> arguments, the directory they are relative to, and the step's environment.</summary>
public sealed record BuildKitBuild(IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string?> Environment);
