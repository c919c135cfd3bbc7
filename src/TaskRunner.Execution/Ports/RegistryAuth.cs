namespace TaskRunner.Execution.Ports;

/// <summary>Credentials the engine presents to a registry. <see cref="ToString"/> never shows the secret.</summary>
public sealed record RegistryAuth(string ServerAddress, string? Username, string? Password, string? IdentityToken = null)
{
    public override string ToString() => $"RegistryAuth {{ ServerAddress = {ServerAddress}, Username = {Username} }}";
}
