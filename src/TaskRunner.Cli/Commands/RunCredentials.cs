using System.Text.Json;
using TaskRunner.Execution.Engine;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// Registry credentials given to <c>taskrunner run</c>: <c>--credential</c> (acb's JSON form, repeatable) and
/// <c>--username</c> with <c>--password-stdin</c> for the run's registry (-r). Looked up by registry host.
/// </summary>
public sealed class RunCredentials
{
    private readonly Dictionary<string, RegistryAuth> _byRegistry = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Secrets => _byRegistry.Values.Select(a => a.Password).OfType<string>();

    public void Add(RegistryAuth auth) => _byRegistry[Normalise(auth.ServerAddress)] = auth;

    public RegistryAuth? Find(string registry) => _byRegistry.GetValueOrDefault(Normalise(registry));

    /// <summary>
    /// Parses <c>{"registry":"r","username":"u","password":"p"}</c> as acb's --credential takes it (its provider types
    /// must be <c>opaque</c>: Key Vault references cannot be resolved on a developer machine).
    /// </summary>
    public static RegistryAuth ParseCredential(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Get(string name) =>
                root.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var registry = Get("registry");
            var username = Get("username");
            var password = Get("password");
            foreach (var kind in new[] { Get("userNameProviderType"), Get("passwordProviderType") })
                if (kind is not null && !kind.Equals("opaque", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"--credential: provider type '{kind}' cannot be resolved locally; give the value itself (opaque)");
            if (string.IsNullOrWhiteSpace(registry) || username is null || password is null)
                throw new UsageException("--credential needs registry, username and password, e.g. '{\"registry\":\"myregistry.azurecr.io\",\"username\":\"u\",\"password\":\"p\"}'");
            return new RegistryAuth(registry, username, password);
        }
        catch (JsonException)
        {
            throw new UsageException("--credential must be JSON: '{\"registry\":\"...\",\"username\":\"...\",\"password\":\"...\"}'");
        }
    }

    private static string Normalise(string registry)
    {
        var r = registry.Trim();
        foreach (var scheme in new[] { "https://", "http://" })
            if (r.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) r = r[scheme.Length..];
        r = r.TrimEnd('/');
        return r is "index.docker.io/v1" or "docker.io" or "registry-1.docker.io" or ImageReference.DockerHub ? "index.docker.io/v1" : r;
    }
}
