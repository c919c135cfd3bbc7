using TaskRunner.Registry.Auth;

namespace TaskRunner.Cli.Commands;

/// <summary>The run's registry credentials for the registry client: flags first, then the user's docker config.</summary>
public sealed class RunRegistryCredentials(RunCredentials given, ICredentialStore fallback) : ICredentialStore
{
    public async Task<RegistryCredential?> GetAsync(string registryHost, CancellationToken cancellationToken) =>
        given.Find(registryHost) is { } auth
            ? new RegistryCredential(auth.Username, auth.Password, auth.IdentityToken)
            : await fallback.GetAsync(registryHost, cancellationToken);
}
