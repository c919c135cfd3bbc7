namespace TaskRunner.Registry.Auth;

/// <summary>A user name and password, or an identity (refresh) token as <c>az acr login</c> stores it.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken)
{
    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}
