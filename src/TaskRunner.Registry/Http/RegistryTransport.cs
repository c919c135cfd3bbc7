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
        _host = host;
        _name = Split(host).Name;
        // The registry's own settings apply to the registry only: a token service or a storage redirect reached
        // through the same connections is verified as any other host, and is shown no client certificate.
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            !IsRegistry(sender) ? errors == SslPolicyErrors.None
            : !verify || Verify(certificate, chain, errors);
        if (certificates.ClientCertificates.Count > 0)
            handler.SslOptions.LocalCertificateSelectionCallback = (sender, targetHost, _, _, _) =>
                string.Equals(targetHost, _name, StringComparison.OrdinalIgnoreCase) ? certificates.ClientCertificates[0] : null!;
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
    }

    private readonly string _host;
    private readonly string _name;

    private bool IsRegistry(object sender) =>
        sender is not SslStream stream || string.Equals(stream.TargetHostName, _name, StringComparison.OrdinalIgnoreCase);

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

    private bool Verify(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastRejection = null;
        if (errors == SslPolicyErrors.None) return true;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Reject("the registry presented no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Reject($"its certificate is not valid for the name {_name} ({certificate?.Subject})");
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
