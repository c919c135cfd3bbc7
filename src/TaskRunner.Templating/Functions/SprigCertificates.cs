using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's certificate value: the PEM certificate and its RSA key (.Cert and .Key), a sprig.certificate struct in Go.</summary>
internal sealed class SprigCertificate(string cert, string key) : IGoValue
{
    public string Cert { get; } = cert;
    public string Key { get; } = key;
    [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
    Type IGoValue.FieldsType => typeof(SprigCertificate);
    string IGoValue.GoTypeName => "sprig.certificate";
    string IGoValue.GoKindName => "struct";
    object IGoValue.JsonValue => new Dictionary<string, object?>(StringComparer.Ordinal) { ["Cert"] = Cert, ["Key"] = Key };
    public override string ToString() => "{" + Cert + " " + Key + "}";
}

/// <summary>
/// Sprig's genCA, genSelfSignedCert, genSignedCert and buildCustomCert, built as Go's x509.CreateCertificate builds
/// Sprig's templates: RSA 2048 keys, SHA-256 RSA signatures, a random 128-bit serial, CN-only subjects, validity from
/// now (the run's start) for the given days, critical key usage and basic constraints, server and client auth, a
/// subject key id on CAs (truncated SHA-256, as Go 1.25+), the issuer's as authority key id, and the SANs given.
/// </summary>
internal static class SprigCertificates
{
    public static void Register(FunctionTable t)
    {
        t.Add("genCA", 2, 2, (a, c) => Generate(Args.String(a, 0), [], [], Args.Int(a, 1), isCa: true, signer: null, c.Now()));
        t.Add("genSelfSignedCert", 4, 4, (a, c) => Generate(Args.String(a, 0), Ips(a, 1), DnsNames(a, 2), Args.Int(a, 3), isCa: false, signer: null, c.Now()));
        t.Add("genSignedCert", 5, 5, (a, c) => Generate(Args.String(a, 0), Ips(a, 1), DnsNames(a, 2), Args.Int(a, 3), isCa: false, Signer(a, 4), c.Now()));
        t.Add("buildCustomCert", 2, 2, (a, _) => BuildCustom(Args.String(a, 0), Args.String(a, 1)));
    }

    /// <summary>A []interface{} parameter: a list (not a []string) or nil.</summary>
    private static IReadOnlyList<object?> InterfaceList(object?[] args, int i)
    {
        var value = args[i];
        if (value is null) return [];
        if (Lists.IsList(value) && value is not IEnumerable<string>) return Lists.AsList(value);
        throw FunctionException.Arguments($"wrong type for value; expected []interface {{}}; got {GoKinds.TypeName(value)}");
    }

    private static List<IPAddress> Ips(object?[] args, int i) => InterfaceList(args, i).Select(ip => ip is string s
        ? ParseIp(s) ?? throw FunctionException.Failed($"error parsing ip: {s}")
        : throw FunctionException.Failed($"error parsing ip: {GoFormat.Value(ip)} is not a string")).ToList();

    private static List<string> DnsNames(object?[] args, int i) => InterfaceList(args, i).Select(dns => dns as string
        ?? throw FunctionException.Failed($"error processing alternate dns name: {GoFormat.Value(dns)} is not a string")).ToList();

    /// <summary>Go's net.ParseIP: dotted decimal IPv4 without leading zeros, or IPv6 (no zone); IPv4-mapped addresses are IPv4.</summary>
    private static IPAddress? ParseIp(string s)
    {
        if (!s.Contains(':'))
        {
            var parts = s.Split('.');
            if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0') || int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) > 255))
                return null;
            return IPAddress.Parse(s);
        }
        if (s.Contains('%') || s.Contains('[') || !IPAddress.TryParse(s, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return null;
        return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
    }

    private sealed record SignerInfo(X500DistinguishedName Name, RSA Key, byte[]? SubjectKeyId);

    private static SignerInfo Signer(object?[] args, int i)
    {
        if (args[i] is not SprigCertificate ca)
            throw FunctionException.Arguments($"wrong type for value; expected sprig.certificate; got {GoKinds.TypeName(args[i])}");
        var (cert, key) = ParsePair(ca.Cert, ca.Key, "decodedSignerCert.Bytes", "decodedSignerKey.Bytes");
        var ski = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();
        return new SignerInfo(cert.SubjectName, key, ski);
    }

    /// <summary>
    /// A PEM certificate and PEM PKCS#1 RSA key as Sprig reads them, failing with Sprig's messages (which name the Go
    /// variables <paramref name="certField"/> and <paramref name="keyField"/>).
    /// </summary>
    private static (X509Certificate2 Cert, RSA Key) ParsePair(string certPem, string keyPem, string certField, string keyField)
    {
        if (PemBlock(certPem) is not { } certDer) throw FunctionException.Failed("unable to decode certificate");
        X509Certificate2 cert;
        try { cert = X509CertificateLoader.LoadCertificate(certDer); }
        catch (CryptographicException e) { throw FunctionException.Failed($"error parsing certificate: {certField}: {e.Message}"); }
        if (PemBlock(keyPem) is not { } keyDer) throw FunctionException.Failed("unable to decode key");
        var key = RSA.Create();
        try { key.ImportRSAPrivateKey(keyDer, out _); }
        catch (CryptographicException e) { throw FunctionException.Failed($"error parsing prive key: {keyField}: {e.Message}"); }
        return (cert, key);
    }

    /// <summary>Go's pem.Decode: the bytes of the first PEM block in the text, whatever its type.</summary>
    private static byte[]? PemBlock(string text)
    {
        if (!PemEncoding.TryFind(text, out var fields)) return null;
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    /// <summary>A subject with only the common name, a PrintableString when its characters allow (as Go's asn1 does), else UTF8String.</summary>
    private static X500DistinguishedName Subject(string cn)
    {
        var builder = new X500DistinguishedNameBuilder();
        if (cn.Length == 0) return builder.Build();
        var printable = cn.All(c => char.IsAsciiLetterOrDigit(c) || " '()+,-./:=?".Contains(c));
        builder.Add("2.5.4.3", cn, printable ? System.Formats.Asn1.UniversalTagNumber.PrintableString : System.Formats.Asn1.UniversalTagNumber.UTF8String);
        return builder.Build();
    }

    private static SprigCertificate Generate(string cn, List<IPAddress> ips, List<string> dnsNames, long days, bool isCa, SignerInfo? signer, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var subject = Subject(cn);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var usage = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature | (isCa ? X509KeyUsageFlags.KeyCertSign : 0);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, hasPathLengthConstraint: false, 0, critical: true));
        if (isCa) request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.ShortSha256, critical: false));
        if (signer?.SubjectKeyId is { } issuerKeyId && !signer.Name.RawData.AsSpan().SequenceEqual(subject.RawData))
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKeyId));
        if (ips.Count + dnsNames.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            dnsNames.ForEach(san.AddDnsName);
            ips.ForEach(san.AddIpAddress);
            request.CertificateExtensions.Add(san.Build(critical: cn.Length == 0));
        }
        var serial = new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true).ToByteArray(isUnsigned: false, isBigEndian: true);
        var notBefore = now.ToUniversalTime();
        var notAfter = notBefore.AddDays(days);
        if (notAfter < notBefore) throw FunctionException.Failed("daysValid must not be negative (the certificate would expire before it starts)");
        var generator = X509SignatureGenerator.CreateForRSA(signer?.Key ?? key, RSASignaturePadding.Pkcs1);
        using var cert = request.Create(signer?.Name ?? subject, generator, notBefore, notAfter, serial);
        return new SprigCertificate(SprigCrypto.Pem("CERTIFICATE", cert.RawData), SprigCrypto.Pem("RSA PRIVATE KEY", key.ExportRSAPrivateKey()));
    }

    /// <summary>Sprig's buildCustomCert: base64 of a PEM certificate and of a PEM PKCS#1 RSA key, checked, kept as given.</summary>
    private static SprigCertificate BuildCustom(string b64Cert, string b64Key)
    {
        string Decode(string b64, string what)
        {
            return SprigEncoding.GoBase64(b64) is { } bytes ? Encoding.UTF8.GetString(bytes) : throw FunctionException.Failed($"unable to decode base64 {what}");
        }
        var cert = Decode(b64Cert, "certificate");
        var key = Decode(b64Key, "private key");
        var (parsedCert, parsedKey) = ParsePair(cert, key, "decodedCert.Bytes", "decodedKey.Bytes");
        parsedCert.Dispose();
        parsedKey.Dispose();
        return new SprigCertificate(cert, key);
    }
}
