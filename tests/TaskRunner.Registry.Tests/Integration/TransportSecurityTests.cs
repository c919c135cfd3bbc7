using System.Net;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;
using TaskRunner.Registry.Tests.Infrastructure;

namespace TaskRunner.Registry.Tests.Integration;

/// <summary>
/// HTTPS against real registry processes serving TLS with certificates of the test's own authority, reached under a
/// name that is not loopback (so the client must verify) and connected to 127.0.0.1 through ConnectTo.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class TransportSecurityTests
{
    private const string Name = "registry.taskrunner.test";
    private SourceImages _images = null!;
    private TestCertificates _authority = null!;
    private string _certs = null!;

    [OneTimeSetUp]
    public void PushSourceImages()
    {
        _images = SourceImages.Push("tls-src");
        _authority = new TestCertificates("TaskRunner test authority");
    }

    [OneTimeTearDown]
    public ValueTask DeleteSourceImages() => _images.DisposeAsync();

    [SetUp]
    public void CreateCertificatesDirectory() => _certs = Directory.CreateTempSubdirectory("tr-certs.d").FullName;

    [TearDown]
    public void DeleteCertificatesDirectory() => Directory.Delete(_certs, true);

    private RegistryClientOptions Options(bool insecure = false) => new()
    {
        ConnectTo = new Dictionary<string, IPAddress> { [Name] = IPAddress.Loopback, ["plain.taskrunner.test"] = IPAddress.Loopback },
        CertificatesDirectory = _certs,
        AllowInsecure = insecure,
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(1),
    };

    private LocalRegistry StartTls(string certificateName, bool requireClientCertificate = false)
    {
        var (certificate, key) = _authority.Server(certificateName);
        return LocalRegistry.Start(tls: new RegistryTls(certificate, key, requireClientCertificate ? _authority.AuthorityPem : null));
    }

    /// <summary>Copies the images in, then creates, pushes and inspects a list as a task's docker manifest steps do.</summary>
    private async Task<string> PushListAsync(string host, RegistryClientOptions options)
    {
        var repo = $"{host}/team/secure";
        using (var client = new RegistryClient(SourceImages.Credentials(host, null), options))
            await _images.CopyToAsync(client, repo);
        var command = new DockerManifestCommand(new InMemoryManifestListStore(), SourceImages.Credentials(host, null), options);
        var created = await SourceImages.Manifest(command, "create", repo + ":multi", repo + ":amd64", repo + ":arm64");
        Assert.That(created.Item1, Is.EqualTo(0), created.Item3);
        var pushed = await SourceImages.Manifest(command, "push", repo + ":multi");
        Assert.That(pushed.Item1, Is.EqualTo(0), pushed.Item3);
        var inspected = await SourceImages.Manifest(command, "inspect", repo + ":multi");
        Assert.That(inspected.Item2, Does.Contain("\"architecture\": \"arm64\""));
        return pushed.Item2.Trim();
    }

    private static async Task<string> FailureOf(string host, RegistryClientOptions options)
    {
        using var client = new RegistryClient(SourceImages.Credentials(host, null), options);
        return (await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync(host, default)))!.Message;
    }

    [Test]
    public async Task A_certificate_of_a_private_authority_is_refused_until_the_authority_is_in_certs_d()
    {
        using var registry = StartTls(Name);
        var host = $"{Name}:{registry.Port}";

        var refused = await FailureOf(host, Options());
        Assert.That(refused, Does.Contain($"cannot make a TLS connection to the registry {host} at https://{host}/")
            .And.Contain("is not signed by a trusted authority")
            .And.Contain(Path.Combine(_certs, host, "ca.crt")));

        // The folder is read once per process and settings: the trusting settings name another folder.
        var trusting = Path.Combine(_certs, "trusting");
        _authority.TrustIn(trusting, host);
        var digest = await PushListAsync(host, Options() with { CertificatesDirectory = trusting });
        Assert.That(digest, Does.StartWith("sha256:"));
    }

    [Test]
    public async Task A_certificate_for_another_name_is_refused_even_from_a_trusted_authority()
    {
        using var registry = StartTls("elsewhere.taskrunner.test");
        var host = $"{Name}:{registry.Port}";
        _authority.TrustIn(_certs, host);

        Assert.That(await FailureOf(host, Options()), Does.Contain($"its certificate is not valid for the name {Name}").And.Contain("CN=elsewhere.taskrunner.test"));
    }

    [Test]
    public async Task Insecure_speaks_unverified_https_to_a_tls_registry()
    {
        using var registry = StartTls("elsewhere.taskrunner.test");
        var host = $"{Name}:{registry.Port}";

        // Neither the name nor the authority would pass verification; the registry only speaks TLS.
        Assert.That(await PushListAsync(host, Options(insecure: true)), Does.StartWith("sha256:"));
    }

    [Test]
    public async Task Verification_still_applies_after_the_same_host_was_reached_with_insecure()
    {
        using var registry = StartTls("elsewhere.taskrunner.test");
        var host = $"{Name}:{registry.Port}";
        _authority.TrustIn(_certs, host);

        Assert.That(await PushListAsync(host, Options(insecure: true)), Does.StartWith("sha256:"));
        // Same process, same host: the unverified connections and the scheme the insecure client chose are not reused.
        Assert.That(await FailureOf(host, Options()), Does.Contain($"its certificate is not valid for the name {Name}"));
    }

    [Test]
    public async Task Insecure_falls_back_to_plain_http_for_a_registry_without_tls_and_secure_refuses_it()
    {
        using var registry = LocalRegistry.Start();
        var host = $"plain.taskrunner.test:{registry.Port}";

        Assert.That(await FailureOf(host, Options()), Does.StartWith($"cannot make a TLS connection to the registry {host} at https://{host}/"));
        Assert.That(await PushListAsync(host, Options(insecure: true)), Does.StartWith("sha256:"));
    }

    [Test]
    public async Task The_client_certificate_in_certs_d_is_presented_to_a_registry_that_requires_one()
    {
        using var registry = StartTls(Name, requireClientCertificate: true);
        var host = $"{Name}:{registry.Port}";
        _authority.TrustIn(_certs, host);

        Assert.That(await FailureOf(host, Options()), Does.StartWith($"cannot reach the registry {host}")
            .And.EndWith($"the registry asks for a client certificate: put it in {Path.Combine(_certs, host, "client.cert")} with its key client.key"));

        var withClient = Path.Combine(_certs, "with-client");
        _authority.TrustIn(withClient, host);
        var (certificate, key) = _authority.Client("taskrunner-client");
        File.WriteAllText(Path.Combine(withClient, host, "client.cert"), certificate);
        File.WriteAllText(Path.Combine(withClient, host, "client.key"), key);
        Assert.That(await PushListAsync(host, Options() with { CertificatesDirectory = withClient }), Does.StartWith("sha256:"));
    }

    [Test]
    public async Task A_client_certificate_without_its_key_is_an_error_that_names_the_file()
    {
        var host = $"{Name}:1";
        Directory.CreateDirectory(Path.Combine(_certs, host));
        File.WriteAllText(Path.Combine(_certs, host, "client.cert"), _authority.Client("lonely").CertificatePem);
        using var client = new RegistryClient(SourceImages.Credentials(host, null), Options());
        var error = (await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync(host, default)))!;
        Assert.That(error.Message, Is.EqualTo($"the client certificate {Path.Combine(_certs, host, "client.cert")} has no key client.key beside it"));
    }
}
