using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRunner.TestSupport;

/// <summary>
/// A certificate authority of the test's own and the server and client certificates it signs, written as PEM files.
/// Linked into the Cli and Execution test projects (registries over TLS, a second Docker engine over TLS).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    public TestCertificates(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
    }

    public string AuthorityPem => _authority.ExportCertificatePem();

    /// <summary>A server certificate for <paramref name="dnsNames"/> (and 127.0.0.1), signed by the authority.</summary>
    public (string CertificatePem, string KeyPem) Server(params string[] dnsNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) names.AddDnsName(name);
        names.AddIpAddress(IPAddress.Loopback);
        return Issue(dnsNames[0], names.Build(), new Oid("1.3.6.1.5.5.7.3.1"));
    }

    /// <summary>A client certificate, signed by the authority.</summary>
    public (string CertificatePem, string KeyPem) Client(string name) => Issue(name, null, new Oid("1.3.6.1.5.5.7.3.2"));

    private (string, string) Issue(string name, X509Extension? alternativeNames, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (alternativeNames is not null) request.CertificateExtensions.Add(alternativeNames);
        using var certificate = request.Create(_authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes ca.pem, cert.pem and key.pem (a client certificate) into <paramref name="directory"/>, as DOCKER_CERT_PATH holds them.</summary>
    public string WriteClientFolder(string directory, string? authorityPem = null)
    {
        Directory.CreateDirectory(directory);
        var (certificate, key) = Client("client");
        File.WriteAllText(Path.Combine(directory, "ca.pem"), authorityPem ?? AuthorityPem);
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate);
        File.WriteAllText(Path.Combine(directory, "key.pem"), key);
        return directory;
    }

    /// <summary>Writes the authority as docker's certs.d expects it: <c>directory/host/ca.crt</c>.</summary>
    public void TrustIn(string directory, string host)
    {
        Directory.CreateDirectory(Path.Combine(directory, host));
        File.WriteAllText(Path.Combine(directory, host, "ca.crt"), AuthorityPem);
    }

    public void Dispose() => _authority.Dispose();
}
