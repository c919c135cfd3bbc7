using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// TLS for a tcp engine as the docker CLI does it: the client certificate (when both cert.pem and key.pem are there)
/// through Docker.DotNet's <see cref="CertificateCredentials"/>, and the engine's certificate checked against the
/// CA in ca.pem (only that CA: the system's roots when there is none) and the host name, unless verification is off.
/// Records why it refused a certificate, so the error can say so.
/// </summary>
internal sealed class EngineTlsAuthProvider : IAuthProvider
{
    private readonly CertificateCredentials _credentials;
    private readonly X509Certificate2Collection _authorities = [];
    private readonly EngineTls _tls;
    private readonly IAuthProvider? _then;

    /// <param name="tls">The endpoint's TLS settings.</param>
    /// <param name="then">Another provider whose handler wraps the TLS one (or null).</param>
    public EngineTlsAuthProvider(EngineTls tls, IAuthProvider? then)
    {
        _tls = tls;
        _then = then;
        X509Certificate2? client = null;
        try
        {
            if (tls.CertificatePem is not null && tls.KeyPem is not null)
                client = X509Certificate2.CreateFromPem(tls.CertificatePem, tls.KeyPem);
            if (tls.CaPem is not null)
            {
                _authorities.ImportFromPem(tls.CaPem);
                if (_authorities.Count == 0) throw new CryptographicException("no certificate in ca.pem");
            }
        }
        catch (CryptographicException e)
        {
            throw new EngineEndpointException($"the engine's TLS files in {tls.Source} are not valid PEM certificates and keys: {e.Message}", e);
        }
        _credentials = new CertificateCredentials(client) { ServerCertificateValidationCallback = Validate };
    }

    /// <summary>Why the engine's certificate was refused, when it was.</summary>
    public string? Rejection { get; private set; }

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        var configured = _credentials.ConfigureHandler(handler);
        return _then is null ? configured : _then.ConfigureHandler(configured);
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!_tls.Verify) return true;
        if (certificate is null)
            return Reject("the engine sent no certificate");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return Reject($"the engine's certificate ({certificate.Subject}) is not for this host name or address");
        if (_authorities.Count == 0)
            return errors == SslPolicyErrors.None || Reject($"the engine's certificate ({certificate.Subject}) is not trusted by this system ({errors})");
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(presented)) return true;
        var status = string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return Reject($"the engine's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by the CA in {Path.Combine(_tls.Source, "ca.pem")}{(status.Length > 0 ? ": " + status : "")}");
    }

    private bool Reject(string reason)
    {
        Rejection = reason;
        return false;
    }
}
