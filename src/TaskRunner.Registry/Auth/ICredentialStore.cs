namespace TaskRunner.Registry.Auth;

/// <summary>Finds the credential for a registry host (e.g. <c>myregistry.azurecr.io</c>, <c>127.0.0.1:5000</c>).</summary>
public interface ICredentialStore
{
    Task<RegistryCredential?> GetAsync(string registryHost, CancellationToken cancellationToken);
}
