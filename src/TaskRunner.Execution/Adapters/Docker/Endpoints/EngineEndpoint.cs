using System.Net;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>How TaskRunner reaches an engine: the kind of address in <see cref="EngineEndpoint.Host"/>.</summary>
public enum EngineTransport
{
    /// <summary><c>unix:///path/to/docker.sock</c>.</summary>
    Unix,
    /// <summary><c>tcp://host:port</c>, plain HTTP or TLS.</summary>
    Tcp,
    /// <summary><c>ssh://[user@]host[:port][/socket]</c>: <c>docker system dial-stdio</c> run by ssh on the far side.</summary>
    Ssh,
    /// <summary><c>npipe:////./pipe/docker_engine</c> (Windows).</summary>
    NamedPipe,
}

/// <summary>
/// The TLS settings of a tcp endpoint, as the docker CLI takes them: PEM text read from <c>DOCKER_CERT_PATH</c> (or
/// the docker config directory) or from a context's TLS folder.
/// </summary>
/// <param name="Verify">Verify the engine's certificate (against <paramref name="CaPem"/>, else the system's roots) and host name.</param>
/// <param name="CaPem">The certificate authorities trusted for the engine's certificate, or null for the system's.</param>
/// <param name="CertificatePem">The client certificate, or null to send none.</param>
/// <param name="KeyPem">The client certificate's key.</param>
/// <param name="Source">Where the files came from, for messages (a folder).</param>
public sealed record EngineTls(bool Verify, string? CaPem, string? CertificatePem, string? KeyPem, string Source);

/// <summary>The user's address of an engine: what <c>ssh -p PORT -l USER -- HOST</c> runs and where (ssh:// only).</summary>
/// <param name="User">The remote user, or null for ssh's own choice (its config, then the local user name).</param>
/// <param name="HostName">The host ssh connects to (a name in the user's ssh config works).</param>
/// <param name="Port">The port, or null for ssh's own choice.</param>
/// <param name="SocketPath">The engine's socket on the far side, or null for the far side's default (its DOCKER_HOST or socket).</param>
public sealed record SshTarget(string? User, string HostName, int? Port, string? SocketPath);

/// <summary>
/// One engine, resolved as the docker CLI resolves it: the address (<c>unix://</c>, <c>tcp://</c>, <c>ssh://</c>),
/// its TLS settings, and the context it came from (<c>default</c>: <c>DOCKER_HOST</c> and the <c>DOCKER_TLS*</c>
/// variables, or the local socket).
/// </summary>
public sealed record EngineEndpoint(string Host, string Context, EngineTransport Transport, EngineTls? Tls, SshTarget? Ssh)
{
    /// <summary>The docker CLI's name of the context that stands for the environment and the local socket.</summary>
    public const string DefaultContext = "default";

    /// <summary>
    /// Whether the engine runs on this machine and sees its files: a socket (unix, named pipe), or a tcp endpoint on a
    /// loopback address (127.0.0.0/8, ::1, localhost). An engine reached through ssh counts as remote, even on
    /// localhost. A loopback tcp port can be forwarded from elsewhere; TaskRunner takes it as local all the same, as
    /// the engine a tcp loopback address usually stands for is a dockerd on this machine.
    /// </summary>
    public bool IsLocal => Transport switch
    {
        EngineTransport.Unix or EngineTransport.NamedPipe => true,
        EngineTransport.Tcp => IsLoopback(new Uri(Host).Host),
        _ => false,
    };

    /// <summary>Whether requests go over TLS.</summary>
    public bool UsesTls => Transport == EngineTransport.Tcp && Tls is not null;

    /// <summary>The engine in words for messages: <c>tcp://host:2376 (context default, TLS)</c>.</summary>
    public string Describe() => $"{Host} (context {Context}{(UsesTls ? Tls!.Verify ? ", TLS" : ", TLS without verification" : "")})";

    public override string ToString() => Describe();

    private static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }
}

/// <summary>The engine's address or its context cannot be resolved (a missing context, unreadable TLS files, a bad DOCKER_HOST).</summary>
public sealed class EngineEndpointException(string message, Exception? inner = null) : Exception(message, inner);
