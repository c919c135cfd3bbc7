using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>A certificate authority of the test's own, and the engine and client certificates it signs, as PEM text.</summary>
internal sealed class EngineCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    public EngineCertificates(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
    }

    public string AuthorityPem => _authority.ExportCertificatePem();

    /// <summary>The engine's certificate: for localhost and 127.0.0.1.</summary>
    public (string CertificatePem, string KeyPem) Server()
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        return Issue("localhost", names.Build(), new Oid("1.3.6.1.5.5.7.3.1"));
    }

    public (string CertificatePem, string KeyPem) Client() => Issue("client", null, new Oid("1.3.6.1.5.5.7.3.2"));

    /// <summary>Writes ca.pem, cert.pem and key.pem into <paramref name="directory"/>, as DOCKER_CERT_PATH holds them.</summary>
    public string WriteClientFolder(string directory, string? authorityPem = null)
    {
        Directory.CreateDirectory(directory);
        var (certificate, key) = Client();
        File.WriteAllText(Path.Combine(directory, "ca.pem"), authorityPem ?? AuthorityPem);
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate);
        File.WriteAllText(Path.Combine(directory, "key.pem"), key);
        return directory;
    }

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

    public void Dispose() => _authority.Dispose();
}
