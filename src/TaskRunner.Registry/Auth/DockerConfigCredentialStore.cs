using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace TaskRunner.Registry.Auth;

/// <summary>
/// Credentials as the docker CLI keeps them: <c>$DOCKER_CONFIG/config.json</c> (default <c>~/.docker</c>) with
/// <c>credHelpers</c> (per host), <c>credsStore</c> (for every host) through <c>docker-credential-NAME get</c>, and
/// <c>auths</c> (base64 <c>auth</c>, or username/password, and <c>identitytoken</c>).
/// </summary>
public sealed class DockerConfigCredentialStore : ICredentialStore
{
    private readonly string _configFile;

    public DockerConfigCredentialStore(string? configDirectory = null)
    {
        _configFile = Path.Combine(DockerConfigDirectory.Resolve(configDirectory), "config.json");
    }

    public async Task<RegistryCredential?> GetAsync(string registryHost, CancellationToken cancellationToken)
    {
        if (!File.Exists(_configFile)) return null;
        JsonDocument config;
        try
        {
            config = JsonDocument.Parse(await File.ReadAllTextAsync(_configFile, cancellationToken));
        }
        catch (JsonException e)
        {
            throw new RegistryException($"cannot read {_configFile}: {e.Message}");
        }
        using (config)
        {
            var host = RegistryHosts.Normalise(registryHost);
            var root = config.RootElement;
            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
                foreach (var helper in helpers.EnumerateObject())
                    if (RegistryHosts.Normalise(helper.Name) == host && helper.Value.GetString() is { Length: > 0 } name)
                        return await FromHelperAsync(name, ServerKey(host), cancellationToken);
            if (root.TryGetProperty("credsStore", out var store) && store.GetString() is { Length: > 0 } storeName)
            {
                var fromStore = await FromHelperAsync(storeName, ServerKey(host), cancellationToken);
                if (fromStore is not null) return fromStore;
            }
            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
                foreach (var entry in auths.EnumerateObject())
                    if (RegistryHosts.Normalise(entry.Name) == host)
                        return FromAuthEntry(entry.Value);
            return null;
        }
    }

    private static string ServerKey(string host) => host == "docker.io" ? RegistryHosts.DockerHubConfigKey : host;

    private static RegistryCredential? FromAuthEntry(JsonElement entry)
    {
        string? Get(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var identity = Get("identitytoken");
        var username = Get("username");
        var password = Get("password");
        if (Get("auth") is { Length: > 0 } auth)
        {
            string decoded;
            try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth)); }
            catch (FormatException) { throw new RegistryException("the 'auth' entry in the docker config is not base64"); }
            var colon = decoded.IndexOf(':');
            if (colon > 0) { username = decoded[..colon]; password = decoded[(colon + 1)..]; }
        }
        if (username is null && identity is null) return null;
        return new RegistryCredential(username, password, string.IsNullOrEmpty(identity) ? null : identity);
    }

    /// <summary>Runs <c>docker-credential-NAME get</c> with the server on stdin, as the docker CLI does.</summary>
    private static async Task<RegistryCredential?> FromHelperAsync(string name, string server, CancellationToken cancellationToken)
    {
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap("docker-credential-" + name)
                .WithArguments("get")
                .WithStandardInputPipe(PipeSource.FromString(server))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new RegistryException($"the docker config names the credential helper 'docker-credential-{name}', which is not on PATH");
        }
        if (result.ExitCode != 0)
        {
            // "credentials not found in native keychain" means no credential: anonymous access.
            if (result.StandardOutput.Contains("not found", StringComparison.OrdinalIgnoreCase)
                || result.StandardError.Contains("not found", StringComparison.OrdinalIgnoreCase)) return null;
            throw new RegistryException($"docker-credential-{name} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
        using var json = JsonDocument.Parse(result.StandardOutput);
        var username = json.RootElement.TryGetProperty("Username", out var u) ? u.GetString() : null;
        var secret = json.RootElement.TryGetProperty("Secret", out var s) ? s.GetString() : null;
        // A helper returns "<token>" as the user name when the secret is an identity token.
        return username == "<token>" ? new RegistryCredential(null, null, secret) : new RegistryCredential(username, secret, null);
    }
}
