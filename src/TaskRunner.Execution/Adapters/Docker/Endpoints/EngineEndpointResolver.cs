using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// Finds the engine the way the docker CLI does. The context, first found wins: <c>--context</c>; <c>default</c>
/// when <c>DOCKER_HOST</c> is set; <c>DOCKER_CONTEXT</c>; <c>currentContext</c> in the docker config
/// (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>); else <c>default</c>. A named context is read
/// from the CLI's store (<c>contexts/meta/&lt;sha256 of name&gt;/meta.json</c> and
/// <c>contexts/tls/&lt;sha256&gt;/docker/{ca,cert,key}.pem</c> under the config directory). The <c>default</c>
/// context is the environment: <c>DOCKER_HOST</c> (else the local socket, or <c>tcp://localhost:2376</c> when TLS is
/// asked for), TLS when <c>DOCKER_TLS_VERIFY</c> or <c>DOCKER_TLS</c> is set to anything, with <c>ca.pem</c>,
/// <c>cert.pem</c> and <c>key.pem</c> from <c>DOCKER_CERT_PATH</c> (else the config directory); the engine's
/// certificate is verified only with <c>DOCKER_TLS_VERIFY</c>. TLS settings never apply to sockets.
/// </summary>
public sealed class EngineEndpointResolver(Func<string, string?> environment)
{
    private const string DefaultUnixSocket = "/var/run/docker.sock";
    private const string DefaultNamedPipe = "//./pipe/docker_engine";

    /// <summary>A resolver that reads this process's environment.</summary>
    public static EngineEndpointResolver FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>The docker config directory: <c>DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public string ConfigDirectory => Variable("DOCKER_CONFIG") ?? Path.Combine(Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>The name of the context in force, with <paramref name="contextFlag"/> the value of <c>--context</c> (or null).</summary>
    public string ResolveContextName(string? contextFlag)
    {
        if (!string.IsNullOrEmpty(contextFlag)) return contextFlag;
        if (Variable("DOCKER_HOST") is not null) return EngineEndpoint.DefaultContext;
        if (Variable("DOCKER_CONTEXT") is { } fromEnvironment) return fromEnvironment;
        return CurrentContextInConfig() ?? EngineEndpoint.DefaultContext;
    }

    /// <summary>The engine to use, with <paramref name="contextFlag"/> the value of <c>--context</c> (or null).</summary>
    /// <exception cref="EngineEndpointException">The context does not exist, a TLS file cannot be read, or an address is malformed.</exception>
    public EngineEndpoint Resolve(string? contextFlag)
    {
        var context = ResolveContextName(contextFlag);
        return context == EngineEndpoint.DefaultContext ? FromEnvironment() : FromContext(context);
    }

    private EngineEndpoint FromEnvironment()
    {
        var verify = Variable("DOCKER_TLS_VERIFY") is not null;
        var tls = verify || Variable("DOCKER_TLS") is not null;
        var given = Variable("DOCKER_HOST");
        var (host, transport, ssh) = ParseHost(given ?? "", tls, given is null ? "the default address" : "DOCKER_HOST");
        EngineTls? settings = null;
        if (tls && transport == EngineTransport.Tcp)
        {
            var folder = Variable("DOCKER_CERT_PATH") ?? ConfigDirectory;
            var why = verify ? "DOCKER_TLS_VERIFY is set" : "DOCKER_TLS is set";
            // As the CLI: the CA file must be there; the client certificate and key are optional.
            var ca = ReadPem(Path.Combine(folder, "ca.pem"), required: true, why);
            var certificate = ReadPem(Path.Combine(folder, "cert.pem"), required: false, why);
            var key = ReadPem(Path.Combine(folder, "key.pem"), required: false, why);
            settings = new EngineTls(verify, ca, certificate, key, folder);
        }
        return new EngineEndpoint(host, EngineEndpoint.DefaultContext, transport, settings, ssh);
    }

    private EngineEndpoint FromContext(string name)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var store = Path.Combine(ConfigDirectory, "contexts");
        var metaFile = Path.Combine(store, "meta", id, "meta.json");
        if (!File.Exists(metaFile))
            throw new EngineEndpointException($"docker context \"{name}\" does not exist (no {metaFile}); list contexts with `docker context ls`");
        string host;
        bool skipVerify;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metaFile));
            if (!document.RootElement.TryGetProperty("Endpoints", out var endpoints) || endpoints.ValueKind != JsonValueKind.Object
                || !endpoints.TryGetProperty("docker", out var docker) || docker.ValueKind != JsonValueKind.Object)
                throw new EngineEndpointException($"docker context \"{name}\" has no docker endpoint ({metaFile})");
            host = docker.TryGetProperty("Host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() ?? "" : "";
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new EngineEndpointException($"docker context \"{name}\" cannot be read ({metaFile}): {e.Message}", e);
        }
        var (address, transport, ssh) = ParseHost(host, defaultToTls: false, $"the host of docker context \"{name}\"");
        EngineTls? settings = null;
        if (transport == EngineTransport.Tcp)
        {
            var folder = Path.Combine(store, "tls", id, "docker");
            var why = $"docker context \"{name}\" has TLS files";
            var ca = ReadPem(Path.Combine(folder, "ca.pem"), required: false, why);
            var certificate = ReadPem(Path.Combine(folder, "cert.pem"), required: false, why);
            var key = ReadPem(Path.Combine(folder, "key.pem"), required: false, why);
            // As the CLI: TLS when the context has any TLS file or skips verification; plain HTTP otherwise.
            if (ca is not null || certificate is not null || key is not null || skipVerify)
                settings = new EngineTls(!skipVerify, ca, certificate, key, folder);
        }
        return new EngineEndpoint(address, name, transport, settings, ssh);
    }

    /// <summary>
    /// Normalises an engine address as the docker CLI does: no scheme means tcp; tcp without a port gets 2375, without
    /// a host localhost; unix without a path the local socket; an empty address the local socket (or
    /// <c>tcp://localhost:2376</c> when TLS is asked for).
    /// </summary>
    internal static (string Host, EngineTransport Transport, SshTarget? Ssh) ParseHost(string value, bool defaultToTls, string what)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            if (defaultToTls) return ("tcp://localhost:2376", EngineTransport.Tcp, null);
            return OperatingSystem.IsWindows() ? ("npipe://" + DefaultNamedPipe, EngineTransport.NamedPipe, null) : ("unix://" + DefaultUnixSocket, EngineTransport.Unix, null);
        }
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        var (scheme, rest) = separator < 0 ? ("tcp", text) : (text[..separator], text[(separator + 3)..]);
        switch (scheme)
        {
            case "tcp":
                return (ParseTcp(rest, value, what), EngineTransport.Tcp, null);
            case "unix":
                if (rest.Contains("://", StringComparison.Ordinal)) throw Invalid(value, what, "expected unix://PATH");
                return ("unix://" + (rest.Length == 0 ? DefaultUnixSocket : rest), EngineTransport.Unix, null);
            case "npipe":
                if (rest.Contains("://", StringComparison.Ordinal)) throw Invalid(value, what, "expected npipe://PATH");
                return ("npipe://" + (rest.Length == 0 ? DefaultNamedPipe : rest), EngineTransport.NamedPipe, null);
            case "ssh":
                return (text, EngineTransport.Ssh, ParseSsh(text, value, what));
            default:
                throw Invalid(value, what, "TaskRunner reaches engines through unix://, tcp:// and ssh:// addresses");
        }
    }

    private static string ParseTcp(string rest, string value, string what)
    {
        if (rest.Contains("://", StringComparison.Ordinal)) throw Invalid(value, what, "expected tcp://HOST:PORT");
        if (rest.Length == 0) return "tcp://localhost:2375";
        if (!Uri.TryCreate("tcp://" + rest, UriKind.Absolute, out var uri) || (uri.AbsolutePath.Length > 1) || uri.Query.Length > 0)
            throw Invalid(value, what, "expected tcp://HOST:PORT");
        var host = uri.Host.Length == 0 ? "localhost" : uri.Host;
        var port = uri.IsDefaultPort || uri.Port < 0 ? 2375 : uri.Port;
        return string.Create(CultureInfo.InvariantCulture, $"tcp://{host}:{port}");
    }

    private static SshTarget ParseSsh(string text, string value, string what)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw Invalid(value, what, "expected ssh://[USER@]HOST[:PORT][/SOCKET]");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) throw Invalid(value, what, "ssh addresses take no query or fragment");
        string? user = null;
        if (uri.UserInfo.Length > 0)
        {
            if (uri.UserInfo.Contains(':')) throw Invalid(value, what, "a password in the address is not supported; use ssh keys or the ssh agent");
            user = Uri.UnescapeDataString(uri.UserInfo);
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        return new SshTarget(user, uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port, path.Trim('/').Length == 0 ? null : path);
    }

    private static EngineEndpointException Invalid(string value, string what, string hint) =>
        new($"{what} '{value}' is not an engine address: {hint}");

    private static string? ReadPem(string path, bool required, string why)
    {
        if (!required && !File.Exists(path)) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineEndpointException($"cannot read the engine's TLS file {path} ({why}): {e.Message}", e);
        }
    }

    private string? CurrentContextInConfig()
    {
        var file = Path.Combine(ConfigDirectory, "config.json");
        if (!File.Exists(file)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("currentContext", out var current) && current.ValueKind == JsonValueKind.String
                && current.GetString() is { Length: > 0 } name ? name : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new EngineEndpointException($"cannot read the docker config {file}: {e.Message}", e);
        }
    }

    /// <summary>A variable's value; empty counts as unset, as for the docker CLI.</summary>
    private string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
}
