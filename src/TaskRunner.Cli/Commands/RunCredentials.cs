using System.Text.Json;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// Registry credentials of <c>taskrunner run</c>: <c>--credential</c> (acb's JSON form, repeatable) and
/// <c>--username</c> with <c>--password-stdin</c> for the run's registry (-r), then the user's docker config
/// (config.json auths, credsStore, credHelpers) for every other registry.
/// </summary>
public sealed class RunCredentials
{
    private readonly Dictionary<string, RegistryCredential> _given = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The passwords and tokens given on the command line, masked in all output.</summary>
    public IEnumerable<string> Secrets => _given.Values.SelectMany(c => new[] { c.Password, c.IdentityToken }).OfType<string>();

    public void Add(string registry, RegistryCredential credential) => _given[registry] = credential;

    /// <summary>The given credentials, falling back to the docker config.</summary>
    public ICredentialStore Store() => new StaticCredentialStore(_given, new DockerConfigCredentialStore());

    /// <summary>The given credentials only: what a dry run may use (it runs no credential helper).</summary>
    public ICredentialStore GivenOnly() => new StaticCredentialStore(_given);

    /// <summary>
    /// Parses <c>{"registry":"r","username":"u","password":"p"}</c> as acb's --credential takes it (its provider types
    /// must be <c>opaque</c>: Key Vault references cannot be resolved on a developer machine).
    /// </summary>
    public static (string Registry, RegistryCredential Credential) ParseCredential(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            string? Get(string name) =>
                root.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            foreach (var kind in new[] { Get("userNameProviderType"), Get("passwordProviderType") })
                if (kind is not null && !kind.Equals("opaque", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"--credential: provider type '{kind}' cannot be resolved locally; give the value itself (opaque)");
            var registry = Get("registry");
            var username = Get("username");
            var password = Get("password");
            if (string.IsNullOrWhiteSpace(registry) || username is null || password is null)
                throw new UsageException("--credential needs registry, username and password, e.g. '{\"registry\":\"myregistry.azurecr.io\",\"username\":\"u\",\"password\":\"p\"}'");
            return (registry, new RegistryCredential(username, password, null));
        }
        catch (JsonException)
        {
            throw new UsageException("--credential must be JSON: '{\"registry\":\"...\",\"username\":\"...\",\"password\":\"...\"}'");
        }
    }
}
