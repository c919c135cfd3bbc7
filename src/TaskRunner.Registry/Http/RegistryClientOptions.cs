using System.Net;

namespace TaskRunner.Registry;

/// <summary>How the registry client connects.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>
    /// Hosts treated as insecure (docker's --insecure): HTTPS without certificate verification, falling back to plain
    /// HTTP when the host does not speak TLS. Loopback hosts are always spoken to over plain HTTP.
    /// </summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
    /// <summary>Treat every registry as insecure (the --insecure flag of docker manifest).</summary>
    public bool AllowInsecure { get; init; }
    /// <summary>
    /// Docker's per-registry certificate folder: <c>DIR/HOST[:PORT]/*.crt</c> are extra certificate authorities for that
    /// registry, <c>*.cert</c> with the <c>*.key</c> of the same name a client certificate. Default:
    /// <c>$TASKRUNNER_CERTS_DIR</c>, else <c>/etc/docker/certs.d</c>, where docker reads them.
    /// </summary>
    public string CertificatesDirectory { get; init; } = RegistryCertificates.DefaultDirectory;
    /// <summary>
    /// Addresses to connect to for given hosts instead of resolving their names (as curl's --resolve). Default: read
    /// from <c>$TASKRUNNER_REGISTRY_RESOLVE</c> (<c>HOST[:PORT]=ADDRESS,...</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IPAddress> ConnectTo { get; init; } = HostAddressOverrides.FromEnvironment();
    /// <summary>The HTTP handler (tests put a fault-injecting one in front of the real registry); replaces the transport's own.</summary>
    public HttpMessageHandler? Handler { get; init; }
    /// <summary>Retries of 429, 5xx and dropped connections, after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;
    /// <summary>First delay between retries; doubles each time (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>The longest Retry-After honoured.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
