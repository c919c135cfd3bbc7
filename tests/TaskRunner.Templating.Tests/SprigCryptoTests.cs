using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRunner.Templating.Tests;

/// <summary>
/// Sprig's crypto functions: derivePassword against Sprig's own test vectors, decryptAES against ciphertexts made
/// with OpenSSL (AES-256-CBC, the password zero-padded to 32 bytes, base64 of IV + ciphertext), and keys and
/// certificates checked by parsing what the templates print.
/// </summary>
public class SprigCryptoTests
{
    [TestCase(1, "long", "ZedaFaxcZaso9*")]
    [TestCase(2, "long", "Fovi2@JifpTupx")]
    [TestCase(1, "maximum", "pf4zS1LjCg&LjhsZ7T2~")]
    [TestCase(1, "medium", "ZedJuz8$")]
    [TestCase(1, "basic", "pIS54PLs")]
    [TestCase(1, "short", "Zed5")]
    [TestCase(1, "pin", "6685")]
    [TestCase(1, "name", "cannot find password template name", TestName = "a type Sprig v2 lacks is its message, not an error")]
    public void DerivePasswordIsMasterPassword(int counter, string type, string expected) =>
        Assert.That(Render.Of($"{{{{ derivePassword {counter} \"{type}\" \"password\" \"user\" \"example.com\" }}}}"), Is.EqualTo(expected));

    [TestCase("{{ decryptAES \"secretkey\" \"AAECAwQFBgcICQoLDA0OD4aChIkqfhLglmmHSXlA6r0=\" }}", "plaintext")]
    [TestCase("{{ decryptAES \"secretkey\" \"AAECAwQFBgcICQoLDA0OD6sKIoHjSwdKf3invHq2CGJCFu4QJGmUZnuzw/skcurK\" }}", "exactly sixteen!")]
    [TestCase("{{ decryptAES \"0123456789abcdef0123456789abcdefIGNORED\" \"Dw4NDAsKCQgHBgUEAwIBAGyA8+0+lZTuzjk+vFjMd9Y=\" }}", "héllo", TestName = "the key is the password's first 32 bytes")]
    [TestCase("{{ \"plaintext\" | encryptAES \"secretkey\" | decryptAES \"secretkey\" }} {{ encryptAES \"k\" \"plaintext\" | len }} {{ eq (encryptAES \"k\" \"a\") (encryptAES \"k\" \"a\") }}", "plaintext 44 false",
        TestName = "encryptAES writes base64 of a random IV and the padded ciphertext")]
    [TestCase("[{{ encryptAES \"k\" \"\" }}{{ decryptAES \"k\" \"\" }}]", "[]")]
    public void Aes(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase("{{ decryptAES \"k\" \"!!\" }}", "error calling decryptAES: illegal base64 data at input byte 0")]
    [TestCase("{{ decryptAES \"k\" \"AAAA\" }}", "error calling decryptAES: runtime error: slice bounds out of range [:16] with capacity 3")]
    [TestCase("{{ decryptAES \"k\" \"AAECAwQFBgcICQoLDA0ODxA=\" }}", "error calling decryptAES: crypto/cipher: input not full blocks")]
    [TestCase("{{ decryptAES \"k\" \"AAECAwQFBgcICQoLDA0ODw==\" }}", "error calling decryptAES: runtime error: index out of range [-1]")]
    [TestCase("{{ genSelfSignedCert \"h\" (list \"01.2.3.4\") nil 1 }}", "error calling genSelfSignedCert: error parsing ip: 01.2.3.4")]
    [TestCase("{{ genSelfSignedCert \"h\" (list 5) nil 1 }}", "error calling genSelfSignedCert: error parsing ip: 5 is not a string")]
    [TestCase("{{ genSelfSignedCert \"h\" nil (list 1) 1 }}", "error calling genSelfSignedCert: error processing alternate dns name: 1 is not a string")]
    [TestCase("{{ buildCustomCert \"!!\" \"\" }}", "error calling buildCustomCert: unable to decode base64 certificate")]
    [TestCase("{{ buildCustomCert \"aGVsbG8=\" \"\" }}", "error calling buildCustomCert: unable to decode certificate")]
    public void CryptoFailures(string template, string message) =>
        Assert.That(Render.Failure(template).Message, Does.Contain(message));

    [TestCase("{{ genSignedCert \"x\" nil nil 1 \"not a certificate\" }}")]
    [TestCase("{{ genSelfSignedCert \"x\" (splitList \",\" \"1.2.3.4\") nil 1 }}", TestName = "ips must be a []interface{} list, as in Go")]
    [TestCase("{{ derivePassword -1 \"long\" \"p\" \"u\" \"s\" }}")]
    public void WrongArgumentTypes(string template) => Assert.That(Render.Failure(template).Code, Is.EqualTo("TPL003"));

    [Test]
    public void GenPrivateKeyWritesGosPemBlocks()
    {
        var rsaPem = Render.Of("{{ genPrivateKey \"rsa\" }}");
        Assert.That(rsaPem, Does.StartWith("-----BEGIN RSA PRIVATE KEY-----\n").And.EndWith("-----END RSA PRIVATE KEY-----\n"));
        using (var rsa = RSA.Create())
        {
            rsa.ImportFromPem(rsaPem);
            Assert.That(rsa.KeySize, Is.EqualTo(4096));
        }
        var ecPem = Render.Of("{{ genPrivateKey \"ecdsa\" }}");
        Assert.That(ecPem, Does.StartWith("-----BEGIN EC PRIVATE KEY-----\n"));
        using (var ec = ECDsa.Create())
        {
            ec.ImportFromPem(ecPem);
            Assert.That(ec.ExportParameters(false).Curve.Oid.Value, Is.EqualTo("1.2.840.10045.3.1.7"));
        }
        Assert.That(Render.Of("{{ genPrivateKey \"foo\" }}"), Is.EqualTo("Unknown type foo"));
    }

    [Test]
    public void GenPrivateKeyDsaIsSprigsAsn1Sequence()
    {
        var pem = Render.Of("{{ genPrivateKey \"dsa\" }}");
        Assert.That(pem, Does.StartWith("-----BEGIN DSA PRIVATE KEY-----\n"));
        var fields = PemEncoding.Find(pem);
        var reader = new AsnReader(Convert.FromBase64String(pem[fields.Base64Data]), AsnEncodingRules.DER).ReadSequence();
        var numbers = Enumerable.Range(0, 6).Select(_ => reader.ReadInteger()).ToArray();
        Assert.That(reader.HasData, Is.False);
        var (version, p, q, g, y, x) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
        Assert.That(version, Is.EqualTo(BigInteger.Zero));
        Assert.That(p.GetBitLength(), Is.EqualTo(2048));
        Assert.That(q.GetBitLength(), Is.EqualTo(256));
        Assert.That(BigInteger.ModPow(g, x, p), Is.EqualTo(y), "Y = G^X mod P");
    }

    private static X509Certificate2 Certificate(string pem) => X509Certificate2.CreateFromPem(pem);

    /// <summary>Whether the certificate verifies up to the root (its signatures and validity an hour after the run's start).</summary>
    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Render.FixedNow.UtcDateTime.AddHours(1);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        return chain.Build(certificate);
    }

    [Test]
    public void GenCaGenSignedCertAndBuildCustomCertMakeAWorkingChain()
    {
        const string template = "{{ $ca := genCA \"my-ca\" 365 }}{{ $c := genSignedCert \"svc\" (list \"10.0.0.1\" \"::ffff:10.0.0.2\") (list \"svc.local\") 30 $ca }}" +
            "{{ $ca.Cert }}|{{ $ca.Key }}|{{ $c.Cert }}|{{ $c.Key }}|{{ typeOf $ca }} {{ kindOf $c }}|{{ (buildCustomCert (b64enc $ca.Cert) (b64enc $ca.Key)).Cert | eq $ca.Cert }}|{{ toJson $ca | hasPrefix \"{\\\"Cert\\\":\\\"-----BEGIN CERTIFICATE-----\\\\n\" }}";
        var parts = Render.Of(template).Split('|');
        Assert.That(parts[4..], Is.EqualTo(new[] { "sprig.certificate struct", "true", "true" }));
        using var ca = Certificate(parts[0]);
        using var leaf = Certificate(parts[2]);
        Assert.That(parts[1], Does.StartWith("-----BEGIN RSA PRIVATE KEY-----\n"));

        Assert.That(ca.Subject, Is.EqualTo("CN=my-ca"));
        Assert.That(ca.Issuer, Is.EqualTo("CN=my-ca"));
        Assert.That(ca.NotBefore.ToUniversalTime(), Is.EqualTo(Render.FixedNow.UtcDateTime));
        Assert.That(ca.NotAfter - ca.NotBefore, Is.EqualTo(TimeSpan.FromDays(365)));
        Assert.That(ca.SignatureAlgorithm.Value, Is.EqualTo("1.2.840.113549.1.1.11"));
        Assert.That(ca.GetRSAPublicKey()!.KeySize, Is.EqualTo(2048));
        var caBasic = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.That((caBasic.CertificateAuthority, caBasic.Critical, caBasic.HasPathLengthConstraint), Is.EqualTo((true, true, false)));
        var caUsage = ca.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.That((caUsage.KeyUsages, caUsage.Critical), Is.EqualTo((X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true)));
        var caKeyId = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier;
        Assert.That(caKeyId, Has.Length.EqualTo(40), "a 160-bit key id");
        Assert.That(new BigInteger(ca.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), Is.Positive);

        Assert.That(leaf.Subject, Is.EqualTo("CN=svc"));
        Assert.That(leaf.Issuer, Is.EqualTo("CN=my-ca"));
        Assert.That(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority, Is.False);
        Assert.That(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>(), Is.Empty, "Go adds a subject key id only to CAs");
        Assert.That(Convert.ToHexString(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span), Is.EqualTo(caKeyId));
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.That(eku, Is.EqualTo(new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }));
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.That(san.EnumerateDnsNames(), Is.EqualTo(new[] { "svc.local" }));
        Assert.That(san.EnumerateIPAddresses().Select(ip => ip.ToString()), Is.EqualTo(new[] { "10.0.0.1", "10.0.0.2" }));

        Assert.That(ChainsTo(leaf, ca), Is.True, "the leaf is signed by the CA's key");
        using var leafKey = RSA.Create();
        leafKey.ImportFromPem(parts[3]);
        Assert.That(leafKey.ExportSubjectPublicKeyInfo(), Is.EqualTo(leaf.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo()));
    }

    [Test]
    public void GenSelfSignedCertIsSignedByItsOwnKey()
    {
        var parts = Render.Of("{{ $c := genSelfSignedCert \"host\" nil nil 1 }}{{ $c.Cert }}|{{ $c.Key }}").Split('|');
        using var cert = Certificate(parts[0]);
        Assert.That((cert.Subject, cert.Issuer), Is.EqualTo(("CN=host", "CN=host")));
        Assert.That(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>(), Is.Empty);
        Assert.That(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority, Is.False);
        Assert.That(ChainsTo(cert, cert), Is.True);
    }
}
