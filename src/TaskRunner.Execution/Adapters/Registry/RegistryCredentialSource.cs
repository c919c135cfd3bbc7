using TaskRunner.Execution.Ports;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Execution.Adapters.Registry;

/// <summary><see cref="ICredentialSource"/> over a registry client credential store (flags, then the docker config).</summary>
public sealed class RegistryCredentialSource(ICredentialStore store) : ICredentialSource
{
    public async Task<RegistryAuth?> GetAsync(string registry, CancellationToken cancellationToken) =>
        await store.GetAsync(registry, cancellationToken).ConfigureAwait(false) is { } credential
            ? new RegistryAuth(registry, credential.Username, credential.Password, credential.IdentityToken)
            : null;
}
