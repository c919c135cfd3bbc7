using System.Text.Json;

namespace TaskRunner.Cli.Tests;

/// <summary>
/// <c>taskrunner manifest</c> and a task's <c>docker manifest</c> steps against registries of the tests' own: another
/// plain registry (sources copied across), and a TLS one under a name that is not loopback (resolved to 127.0.0.1
/// through TASKRUNNER_REGISTRY_RESOLVE), verified against TASKRUNNER_CERTS_DIR or reached with --insecure.
/// </summary>
public partial class ManifestCommandTests
{
    private const string TlsName = "registry.taskrunner.test";

    [Test]
    public async Task Sources_from_another_registry_are_copied_into_the_lists_repository()
    {
        using var other = LocalRegistry.Start();
        var list = $"{other.Host}/team/copied:multi";
        Assert.That(TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "create", list, $"{_repo}:amd64", $"{_repo}:arm64").ExitCode, Is.EqualTo(0));
        var pushed = TaskRunnerProcess.Run(Repository.Path(), Env, "manifest", "push", "--purge", list);
        Assert.That(pushed.ExitCode, Is.EqualTo(0), pushed.Stderr);

        // The other registry serves the list and, from its own storage, every image and blob the list names.
        using var http = new HttpClient();
        var index = await GetManifestAsync(http, $"http://{other.Host}/v2/team/copied/manifests/multi");
        Assert.That(pushed.Stdout.Trim().Split('\n')[^1], Is.EqualTo(index.Digest));
        var digests = index.Json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()).ToList();
        Assert.That(digests, Has.Count.EqualTo(2));
        foreach (var digest in digests)
        {
            var image = await GetManifestAsync(http, $"http://{other.Host}/v2/team/copied/manifests/{digest}");
            var blobs = image.Json.RootElement.GetProperty("layers").EnumerateArray().Append(image.Json.RootElement.GetProperty("config"))
                .Select(b => b.GetProperty("digest").GetString());
            foreach (var blob in blobs)
            {
                using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{other.Host}/v2/team/copied/blobs/{blob}"));
                Assert.That((int)response.StatusCode, Is.EqualTo(200), $"blob {blob} copied");
            }
        }
    }

    private static async Task<(string Digest, JsonDocument Json)> GetManifestAsync(HttpClient http, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var type in new[] { "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.index.v1+json",
                     "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json" })
            request.Headers.Accept.ParseAdd(type);
        using var response = await http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), url);
        return (response.Headers.GetValues("Docker-Content-Digest").Single(), JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Test]
    public void A_tls_registry_needs_its_authority_in_the_certs_folder_or_insecure()
    {
        var authority = new TestCertificates("TaskRunner CLI test authority");
        var (certificate, key) = authority.Server(TlsName);
        using var registry = LocalRegistry.Start(tls: new RegistryTls(certificate, key));
        var host = $"{TlsName}:{registry.Port}";
        var certs = Directory.CreateTempSubdirectory("tr-cli-certs");
        try
        {
            var env = TlsEnvironment(certs.FullName);
            var list = $"{host}/team/tls:multi";
            Assert.That(TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "create", list, $"{_repo}:amd64", $"{_repo}:arm64").ExitCode, Is.EqualTo(0));

            var refused = TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "push", list);
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Stderr, Does.Contain($"cannot make a TLS connection to the registry {host}")
                .And.Contain("is not signed by a trusted authority").And.Contain(Path.Combine(certs.FullName, host, "ca.crt")));

            var insecure = TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "push", "--insecure", list);
            Assert.That(insecure.ExitCode, Is.EqualTo(0), insecure.Stderr);
            Assert.That(insecure.Stdout.Trim().Split('\n')[^1], Does.Match("^sha256:[0-9a-f]{64}$"));

            authority.TrustIn(certs.FullName, host);
            var verified = TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "inspect", list);
            Assert.That(verified.ExitCode, Is.EqualTo(0), verified.Stderr);
            Assert.That(verified.Stdout, Does.Contain("\"architecture\": \"arm64\""));
        }
        finally
        {
            certs.Delete(true);
        }
    }

    [Test]
    public void Docker_manifest_steps_in_a_run_take_insecure_as_docker_does()
    {
        var authority = new TestCertificates("TaskRunner CLI test authority");
        var (certificate, key) = authority.Server("not-the-registry.taskrunner.test");
        using var registry = LocalRegistry.Start(tls: new RegistryTls(certificate, key));
        var host = $"{TlsName}:{registry.Port}";
        var work = Directory.CreateTempSubdirectory("tr-cli-tls-run");
        try
        {
            var env = TlsEnvironment(Path.Combine(work.FullName, "certs"));
            // The images go in as the children of a list pushed with --insecure; the task names them by digest.
            Assert.That(TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "create", $"{host}/team/run:seed", $"{_repo}:amd64", $"{_repo}:arm64").ExitCode, Is.EqualTo(0));
            Assert.That(TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "push", "--purge", "--insecure", $"{host}/team/run:seed").ExitCode, Is.EqualTo(0));
            var seed = TaskRunnerProcess.Run(Repository.Path(), env, "manifest", "inspect", "--insecure", $"{host}/team/run:seed");
            using var json = JsonDocument.Parse(seed.Stdout);
            var images = string.Join(' ', json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => $"{host}/team/run@{m.GetProperty("digest").GetString()}"));

            File.WriteAllText(Path.Combine(work.FullName, "insecure.yaml"), $"""
                version: v1.1.0
                steps:
                - cmd: docker manifest create --insecure {host}/team/run:task {images}
                - cmd: docker manifest push --insecure {host}/team/run:task
                - cmd: docker manifest inspect --insecure {host}/team/run:task
                """);
            var run = TaskRunnerProcess.Run(work.FullName, env, "run", "--progress", "plain", "-f", "insecure.yaml", ".");
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Stdout + run.Stderr);
            Assert.That(run.Stdout, Does.Contain($"Created manifest list {host}/team/run:task").And.Contain("\"architecture\": \"arm64\""));

            File.WriteAllText(Path.Combine(work.FullName, "verified.yaml"), $"""
                version: v1.1.0
                steps:
                - cmd: docker manifest inspect {host}/team/run:task
                """);
            var refused = TaskRunnerProcess.Run(work.FullName, env, "run", "--progress", "plain", "-f", "verified.yaml", ".");
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Stdout + refused.Stderr, Does.Contain($"its certificate is not valid for the name {TlsName}"));
        }
        finally
        {
            work.Delete(true);
        }
    }

    [Test]
    public void A_malformed_resolve_setting_is_a_usage_error_before_anything_runs()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), new Dictionary<string, string>(Env) { ["TASKRUNNER_REGISTRY_RESOLVE"] = "registry.example=not-an-ip" },
            "manifest", "inspect", $"{_repo}:amd64");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr.Trim(), Is.EqualTo("taskrunner: TASKRUNNER_REGISTRY_RESOLVE: 'registry.example=not-an-ip' is not HOST[:PORT]=ADDRESS (an IP address)"));
    }

    private Dictionary<string, string> TlsEnvironment(string certificates) => new(Env)
    {
        ["TASKRUNNER_REGISTRY_RESOLVE"] = $"{TlsName}=127.0.0.1",
        ["TASKRUNNER_CERTS_DIR"] = certificates,
    };
}
