using TaskRunner.Execution.Ports;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;

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

    /// <summary>
    /// Starts <see cref="ManifestWarmUp"/> on the code path and on a connection to each registry the commands name
    /// (with their --insecure) and the run's registry.
    /// </summary>
    public void WarmUp(IReadOnlyList<IReadOnlyList<string>> commands, string runRegistry)
    {
        if (commands.Count == 0) return;
        var registries = new List<(string Registry, bool Insecure)>();
        foreach (var arguments in commands)
        {
            var insecure = arguments.Contains("--insecure");
            foreach (var word in arguments.Skip(1).Where(w => !w.StartsWith('-')))
                if (ImageReference.TryParse(word, out var reference, out _) && word.Contains('/')) registries.Add((reference!.Registry, insecure));
        }
        if (runRegistry.Length > 0) registries.Add((runRegistry, false));
        _ = Task.Run(() => ManifestWarmUp.RunAsync(credentials, registries, CancellationToken.None));
    }
}
