using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TaskRunner.Registry;

/// <summary>
/// The certificates docker keeps for one registry in its certs.d folder (<c>DIR/HOST[:PORT]/</c>): every <c>*.crt</c>
/// is a certificate authority trusted for that registry on top of the system's, every <c>*.cert</c> a client
/// certificate whose private key is the <c>*.key</c> of the same name.
/// </summary>
public sealed class RegistryCertificates
{
    public const string EnvironmentVariable = "TASKRUNNER_CERTS_DIR";

    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } d ? d : "/etc/docker/certs.d";

    private RegistryCertificates(string folder, IReadOnlyList<X509Certificate2> authorities, IReadOnlyList<X509Certificate2> clientCertificates)
    {
        Folder = folder;
        Authorities = authorities;
        ClientCertificates = clientCertificates;
    }

    /// <summary>The folder they were read from (named in messages).</summary>
    public string Folder { get; }
    public IReadOnlyList<X509Certificate2> Authorities { get; }
    public IReadOnlyList<X509Certificate2> ClientCertificates { get; }

    /// <summary>Reads <c>directory/host</c>; a registry without a folder has none.</summary>
    /// <exception cref="RegistryException">A file there cannot be read as PEM, or a client certificate lacks its key.</exception>
    public static RegistryCertificates Load(string directory, string host)
    {
        var folder = Path.Combine(directory, host);
        if (!Directory.Exists(folder)) return new RegistryCertificates(folder, [], []);
        var authorities = new List<X509Certificate2>();
        var clients = new List<X509Certificate2>();
        IEnumerable<string> files;
        try { files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot read the registry certificate folder {folder}: {e.Message}", inner: e);
        }
        foreach (var file in files)
        {
            try
            {
                if (file.EndsWith(".crt", StringComparison.Ordinal))
                {
                    var collection = new X509Certificate2Collection();
                    collection.ImportFromPemFile(file);
                    if (collection.Count == 0) throw new CryptographicException("no certificate in the file");
                    authorities.AddRange(collection);
                }
                else if (file.EndsWith(".cert", StringComparison.Ordinal))
                {
                    var key = Path.ChangeExtension(file, ".key");
                    if (!File.Exists(key))
                        throw new RegistryException($"the client certificate {file} has no key {Path.GetFileName(key)} beside it");
                    using var pem = X509Certificate2.CreateFromPemFile(file, key);
                    // A certificate made from PEM keeps its key in memory only, which TLS on Linux accepts; export
                    // and import once so it behaves the same everywhere.
                    clients.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new RegistryException($"cannot read the registry certificate {file}: {e.Message}", inner: e);
            }
        }
        return new RegistryCertificates(folder, authorities, clients);
    }

    /// <summary>
    /// Whether a server certificate that failed the system's checks only for its chain is trusted by one of this
    /// registry's authorities. A name mismatch is never forgiven.
    /// </summary>
    public bool Trusts(X509Certificate2 certificate, X509Chain? presented, out string reason)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A server certificate: one the authority issued for clients does not make a registry (Go checks the same).
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities.ToArray());
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(certificate))
        {
            reason = "";
            return true;
        }
        reason = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return false;
    }
}
