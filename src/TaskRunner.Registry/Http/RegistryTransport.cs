using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TaskRunner.Registry;

/// <summary>
/// The connections to one registry host: TLS verified against the system's authorities plus the host's certs.d
/// folder (or not verified at all for an insecure host), its client certificate, and a fixed address where one is
/// given. One per host, verification mode and settings for the whole process, so later commands (or the warm-up
/// before them) reuse open connections.
/// </summary>
internal sealed class RegistryTransport
{
    private static readonly ConcurrentDictionary<(string Host, bool Verify, string Certificates, string Addresses), Lazy<RegistryTransport>> Shared = new();

    private RegistryTransport(string host, bool verify, RegistryCertificates certificates, IReadOnlyDictionary<string, IPAddress> addresses)
    {
        Certificates = certificates;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = verify ? Verify : (_, _, _, _) => true;
        if (certificates.ClientCertificates.Count > 0)
            handler.SslOptions.ClientCertificates = new X509CertificateCollection(certificates.ClientCertificates.ToArray());
        if (addresses.Count > 0)
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var target = context.DnsEndPoint;
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(HostAddressOverrides.Find(addresses, target.Host, target.Port) is { } address
                        ? new IPEndPoint(address, target.Port) : target, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        Handler = handler;
        _host = host;
    }

    private readonly string _host;

    public HttpMessageHandler Handler { get; }
    public RegistryCertificates Certificates { get; }
    /// <summary>Why the last server certificate was refused, for the message of the failure that follows.</summary>
    public string? LastRejection { get; private set; }

    /// <param name="host">The registry as named (<c>name[:port]</c>), the key of its certs.d folder.</param>
    public static RegistryTransport For(string host, bool verify, RegistryClientOptions options)
    {
        var addresses = string.Join(',', options.ConnectTo.OrderBy(a => a.Key, StringComparer.OrdinalIgnoreCase).Select(a => $"{a.Key}={a.Value}"));
        return Shared.GetOrAdd((host.ToLowerInvariant(), verify, options.CertificatesDirectory, addresses),
            key => new Lazy<RegistryTransport>(() => new RegistryTransport(host, verify, RegistryCertificates.Load(key.Certificates, host), options.ConnectTo))).Value;
    }

    private static (string Name, int Port) Split(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(']') < colon && int.TryParse(host[(colon + 1)..], out var port)
            ? (host[..colon], port) : (host, 443);
    }

    private bool Verify(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Reject("the registry presented no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Reject($"its certificate is not valid for the name {Split(_host).Name} ({certificate?.Subject})");
        if (Certificates.Authorities.Count == 0)
            return Reject($"its certificate ({certificate?.Subject}, issued by {certificate?.Issuer}) is not signed by a trusted authority; "
                + $"put the authority's certificate in {Path.Combine(Certificates.Folder, "ca.crt")}, or use --insecure");
        if (Certificates.Trusts(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()), chain, out var reason))
            return true;
        return Reject($"its certificate ({certificate?.Subject}) is not signed by the system's authorities or those in {Certificates.Folder}: {reason}");
    }

    private bool Reject(string reason)
    {
        LastRejection = reason;
        return false;
    }
}
