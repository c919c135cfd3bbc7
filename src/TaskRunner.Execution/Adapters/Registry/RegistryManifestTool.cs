using TaskRunner.Execution.Ports;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;

namespace TaskRunner.Execution.Adapters.Registry;

/// <summary>
/// <see cref="IManifestTool"/> over the registry client's <see cref="DockerManifestCommand"/>, with a manifest-list
/// store of its own (one per run, as the port asks).
/// </summary>
public sealed class RegistryManifestTool(ICredentialStore credentials) : IManifestTool
{
    private readonly DockerManifestCommand _command = new(new InMemoryManifestListStore(), credentials);

    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        _command.ExecuteAsync(arguments, stdout, stderr, cancellationToken);
}
