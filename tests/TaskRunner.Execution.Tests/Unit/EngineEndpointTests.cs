using System.Security.Cryptography;
using System.Text;
using TaskRunner.Execution.Adapters.Docker.Endpoints;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>
/// Which engine and TLS settings the environment and the docker config name, as the docker CLI 28 resolves them
/// (each precedence below was checked against `docker --context X version` / `docker info` with a second engine).
/// </summary>
[TestFixture]
public sealed class EngineEndpointTests
{
    private string _config = null!;
    private Dictionary<string, string> _environment = null!;

    [SetUp]
    public void SetUp()
    {
        _config = Path.Combine(Path.GetTempPath(), "taskrunner-endpoint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_config);
        _environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["HOME"] = "/nonexistent-home" };
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_config, recursive: true);

    private EngineEndpoint Resolve(string? contextFlag = null) =>
        new EngineEndpointResolver(name => _environment.GetValueOrDefault(name)).Resolve(contextFlag);

    private string ContextName(string? contextFlag = null) =>
        new EngineEndpointResolver(name => _environment.GetValueOrDefault(name)).ResolveContextName(contextFlag);

    /// <summary>Writes a context as `docker context create` stores it.</summary>
    private string WriteContext(string name, string host, bool skipTlsVerify = false, params string[] tlsFiles)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var meta = Path.Combine(_config, "contexts", "meta", id);
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"),
            System.Text.Json.JsonSerializer.Serialize(new { Name = name, Metadata = new { }, Endpoints = new { docker = new { Host = host, SkipTLSVerify = skipTlsVerify } } }));
        var tls = Path.Combine(_config, "contexts", "tls", id, "docker");
        foreach (var file in tlsFiles)
        {
            Directory.CreateDirectory(tls);
            File.WriteAllText(Path.Combine(tls, file), file + " of " + name);
        }
        return tls;
    }

    private void WriteCurrentContext(string name) =>
        File.WriteAllText(Path.Combine(_config, "config.json"), $$"""{"auths":{},"currentContext":"{{name}}"}""");

    [Test]
    public void Nothing_set_means_the_local_socket_in_the_default_context()
    {
        var endpoint = Resolve();
        Assert.That((endpoint.Host, endpoint.Context, endpoint.Transport, endpoint.Tls, endpoint.IsLocal),
            Is.EqualTo(("unix:///var/run/docker.sock", "default", EngineTransport.Unix, (EngineTls?)null, true)));
    }

    [Test]
    public void The_context_flag_beats_DOCKER_HOST_which_beats_DOCKER_CONTEXT_which_beats_currentContext()
    {
        WriteCurrentContext("current");
        Assert.That(ContextName(), Is.EqualTo("current"));
        _environment["DOCKER_CONTEXT"] = "from-env";
        Assert.That(ContextName(), Is.EqualTo("from-env"));
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2375";
        Assert.That(ContextName(), Is.EqualTo("default"));
        Assert.That(ContextName("flag"), Is.EqualTo("flag"));
    }

    [Test]
    public void Empty_variables_count_as_unset()
    {
        WriteCurrentContext("current");
        _environment["DOCKER_HOST"] = "";
        _environment["DOCKER_CONTEXT"] = "";
        Assert.That(ContextName(), Is.EqualTo("current"));
    }

    [Test]
    public void The_default_context_by_name_is_the_environment()
    {
        WriteCurrentContext("current");
        _environment["DOCKER_CONTEXT"] = "default";
        Assert.That(Resolve().Host, Is.EqualTo("unix:///var/run/docker.sock"));
    }

    [Test]
    public void A_context_is_read_from_the_store_under_DOCKER_CONFIG()
    {
        WriteContext("plain", "tcp://10.1.2.3:2375");
        var endpoint = Resolve("plain");
        Assert.That((endpoint.Host, endpoint.Context, endpoint.Transport, endpoint.Tls, endpoint.IsLocal),
            Is.EqualTo(("tcp://10.1.2.3:2375", "plain", EngineTransport.Tcp, (EngineTls?)null, false)));
    }

    [Test]
    public void A_context_with_TLS_files_uses_them_and_verifies()
    {
        var folder = WriteContext("secure", "tcp://127.0.0.1:2376", false, "ca.pem", "cert.pem", "key.pem");
        var tls = Resolve("secure").Tls;
        Assert.That(tls, Is.EqualTo(new EngineTls(true, "ca.pem of secure", "cert.pem of secure", "key.pem of secure", folder)));
    }

    [Test]
    public void A_context_that_skips_verification_uses_TLS_without_files()
    {
        WriteContext("skip", "tcp://127.0.0.1:2376", skipTlsVerify: true);
        var tls = Resolve("skip").Tls;
        Assert.That((tls?.Verify, tls?.CaPem, tls?.CertificatePem), Is.EqualTo(((bool?)false, (string?)null, (string?)null)));
    }

    [Test]
    public void A_missing_context_is_an_error_naming_it()
    {
        _environment["DOCKER_CONTEXT"] = "nope";
        Assert.That(() => Resolve(), Throws.TypeOf<EngineEndpointException>().With.Message.Contains("docker context \"nope\" does not exist"));
    }

    [Test]
    public void DOCKER_TLS_VERIFY_reads_the_three_files_from_DOCKER_CERT_PATH()
    {
        var certs = Directory.CreateDirectory(Path.Combine(_config, "certs")).FullName;
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" }) File.WriteAllText(Path.Combine(certs, file), file);
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        _environment["DOCKER_TLS_VERIFY"] = "1";
        _environment["DOCKER_CERT_PATH"] = certs;
        var endpoint = Resolve();
        Assert.That(endpoint.Tls, Is.EqualTo(new EngineTls(true, "ca.pem", "cert.pem", "key.pem", certs)));
        Assert.That(endpoint.Describe(), Is.EqualTo("tcp://127.0.0.1:2376 (context default, TLS)"));
    }

    [Test]
    public void Without_DOCKER_CERT_PATH_the_files_come_from_the_config_directory_and_the_client_certificate_is_optional()
    {
        File.WriteAllText(Path.Combine(_config, "ca.pem"), "ca");
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        _environment["DOCKER_TLS_VERIFY"] = "1";
        Assert.That(Resolve().Tls, Is.EqualTo(new EngineTls(true, "ca", null, null, _config)));
    }

    [Test]
    public void DOCKER_TLS_VERIFY_without_ca_pem_is_an_error_naming_the_file()
    {
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        _environment["DOCKER_TLS_VERIFY"] = "1";
        Assert.That(() => Resolve(), Throws.TypeOf<EngineEndpointException>().With.Message.Contains(Path.Combine(_config, "ca.pem")));
    }

    [Test]
    public void DOCKER_TLS_alone_means_TLS_without_verification()
    {
        File.WriteAllText(Path.Combine(_config, "ca.pem"), "ca");
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        _environment["DOCKER_TLS"] = "1";
        Assert.That(Resolve().Tls?.Verify, Is.False);
    }

    [Test]
    public void DOCKER_CERT_PATH_alone_means_plain_HTTP_as_for_the_CLI()
    {
        _environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        _environment["DOCKER_CERT_PATH"] = _config;
        Assert.That(Resolve().Tls, Is.Null);
    }

    [Test]
    public void TLS_without_DOCKER_HOST_goes_to_localhost_2376()
    {
        File.WriteAllText(Path.Combine(_config, "ca.pem"), "ca");
        _environment["DOCKER_TLS_VERIFY"] = "1";
        Assert.That(Resolve().Host, Is.EqualTo("tcp://localhost:2376"));
    }

    [Test]
    public void TLS_settings_never_apply_to_a_socket()
    {
        _environment["DOCKER_HOST"] = "unix:///run/other.sock";
        _environment["DOCKER_TLS_VERIFY"] = "1";
        var endpoint = Resolve();
        Assert.That((endpoint.Host, endpoint.Tls), Is.EqualTo(("unix:///run/other.sock", (EngineTls?)null)));
    }

    [TestCase("tcp://127.0.0.1:2376", "tcp://127.0.0.1:2376")]
    [TestCase("127.0.0.1:2376", "tcp://127.0.0.1:2376")]
    [TestCase("tcp://docker", "tcp://docker:2375")]
    [TestCase("tcp://", "tcp://localhost:2375")]
    [TestCase("unix://", "unix:///var/run/docker.sock")]
    [TestCase("ssh://me@build-box:2222", "ssh://me@build-box:2222")]
    public void DOCKER_HOST_is_normalised_as_by_the_CLI(string given, string expected)
    {
        _environment["DOCKER_HOST"] = given;
        Assert.That(Resolve().Host, Is.EqualTo(expected));
    }

    [TestCase("ftp://host")]
    [TestCase("ssh://me:secret@host")]
    [TestCase("ssh://host?x=1")]
    [TestCase("tcp://host:2375/path")]
    public void Malformed_addresses_are_errors_naming_them(string given)
    {
        _environment["DOCKER_HOST"] = given;
        Assert.That(() => Resolve(), Throws.TypeOf<EngineEndpointException>().With.Message.Contains($"DOCKER_HOST '{given}'"));
    }

    [Test]
    public void An_ssh_address_names_user_host_port_and_socket()
    {
        _environment["DOCKER_HOST"] = "ssh://me@build-box:2222/run/user/1000/docker.sock";
        var endpoint = Resolve();
        Assert.That((endpoint.Transport, endpoint.Ssh, endpoint.IsLocal),
            Is.EqualTo((EngineTransport.Ssh, new SshTarget("me", "build-box", 2222, "/run/user/1000/docker.sock"), false)));
    }

    [Test]
    public void Ssh_runs_docker_system_dial_stdio_on_the_far_side_as_the_CLI()
    {
        Assert.That(SshDialStdioTransport.Arguments(new SshTarget("me", "box", 2222, null)),
            Is.EqualTo(new[] { "-l", "me", "-p", "2222", "-o", "ConnectTimeout=30", "-T", "--", "box", "docker system dial-stdio" }));
        Assert.That(SshDialStdioTransport.Arguments(new SshTarget(null, "box", null, "/run/my docker.sock")),
            Is.EqualTo(new[] { "-o", "ConnectTimeout=30", "-T", "--", "box", "docker '--host=unix:///run/my docker.sock' system dial-stdio" }));
    }

    [TestCase("unix:///var/run/docker.sock", true)]
    [TestCase("tcp://127.0.0.1:2376", true)]
    [TestCase("tcp://127.1.2.3:2376", true)]
    [TestCase("tcp://localhost:2376", true)]
    [TestCase("tcp://[::1]:2376", true)]
    [TestCase("tcp://docker:2376", false)]
    [TestCase("tcp://10.0.0.5:2376", false)]
    [TestCase("ssh://localhost", false)]
    public void Local_means_a_socket_or_tcp_on_loopback(string host, bool local)
    {
        _environment["DOCKER_HOST"] = host;
        Assert.That(Resolve().IsLocal, Is.EqualTo(local));
    }

    [Test]
    public void An_ssh_that_ended_is_explained_with_its_own_words_not_the_broken_pipe_that_showed_it()
    {
        _environment["DOCKER_HOST"] = "ssh://root@127.0.0.1:2222";
        var pipe = new IOException("Broken pipe", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.Shutdown));
        var ended = new SshEndedException("ssh to root@127.0.0.1:2222 ended with exit code 255 before the engine answered: ssh: connect to host 127.0.0.1 port 2222: Connection refused", pipe);
        var wrapped = new HttpRequestException("An error occurred while sending the request.", ended);

        var words = EngineClientFactory.Explain(Resolve(), wrapped, null);

        Assert.That(words, Is.EqualTo(ended.Message));
    }
}
