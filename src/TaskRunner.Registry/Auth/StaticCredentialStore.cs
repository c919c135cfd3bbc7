namespace TaskRunner.Registry.Auth;

/// <summary>Credentials given explicitly (flags), falling back to another store (the docker config).</summary>
public sealed class StaticCredentialStore(IReadOnlyDictionary<string, RegistryCredential> credentials, ICredentialStore? fallback = null) : ICredentialStore
{
    private readonly Dictionary<string, RegistryCredential> _credentials =
        credentials.ToDictionary(kv => RegistryHosts.Normalise(kv.Key), kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    public async Task<RegistryCredential?> GetAsync(string registryHost, CancellationToken cancellationToken) =>
        _credentials.TryGetValue(RegistryHosts.Normalise(registryHost), out var credential)
            ? credential
            : fallback is null ? null : await fallback.GetAsync(registryHost, cancellationToken);
}
