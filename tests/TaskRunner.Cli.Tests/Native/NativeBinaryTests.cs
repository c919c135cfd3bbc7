using System.Net.Http.Headers;
using System.Text.Json;

namespace TaskRunner.Cli.Tests.Native;

/// <summary>
/// The native (NativeAOT) build against the JIT build and the real engine and registry: the same output and exit code
/// for every command that reads task files (where trimming or a missing source-generated JSON type would show), and a
/// real run with cmd, build, push and docker manifest steps (Docker.DotNet's models, the registry client, the reports).
/// Ignored, with the reason, where no current native build exists (<see cref="NativeBinary"/>).
/// </summary>
[TestFixture]
[Category("Native")]
public sealed class NativeBinaryTests : CliRunTest
{
    /// <summary>Every task file the repository ships: the samples, the seed file and the invalid fixtures.</summary>
    private static IEnumerable<string> TaskFiles() =>
        Directory.GetDirectories(Repository.Path("samples")).Select(d => Path.Combine(d, "acr-task.yaml")).Where(File.Exists)
            .Append(Repository.Path("tests", "fixtures", "seed.acr-task.yaml"))
            .Concat(Directory.GetFiles(Repository.Path("tests", "fixtures", "invalid"), "*.yaml"))
            .Select(f => Path.GetRelativePath(Repository.Root, f)).Order(StringComparer.Ordinal);

    private static void AssertSame(params string[] args) => AssertSameIn(Repository.Root, args);

    private static void AssertSameIn(string directory, params string[] args)
    {
        var native = NativeBinary.Run(directory, args);
        var jit = TaskRunnerProcess.Run(directory, args);
        var what = "taskrunner " + string.Join(' ', args);
        Assert.Multiple(() =>
        {
            Assert.That(native.ExitCode, Is.EqualTo(jit.ExitCode), what + ": exit code\n" + NativeBinary.Describe(native));
            Assert.That(native.Stdout, Is.EqualTo(jit.Stdout), what + ": stdout");
            Assert.That(native.Stderr, Is.EqualTo(jit.Stderr), what + ": stderr");
        });
    }

    [TestCase("text")]
    [TestCase("json")]
    [TestCase("sarif")]
    [TestCase("github")]
    public void Validate_prints_what_the_JIT_build_prints_for_every_shipped_task_file(string format)
    {
        var files = TaskFiles().ToArray();
        Assert.That(files, Has.Length.GreaterThan(15), "the samples and fixtures were found");
        AssertSame(["validate", "--format", format, .. files]);
    }

    [Test]
    public void Validate_of_the_seed_file_finds_its_two_bugs_and_strict_makes_them_errors()
    {
        var seed = Path.Combine("tests", "fixtures", "seed.acr-task.yaml");
        var result = NativeBinary.Run(Repository.Root, "validate", seed);
        Assert.That(result.ExitCode, Is.Zero, NativeBinary.Describe(result));
        Assert.That(result.Stdout, Does.Contain($"{seed}:4:79: warning TR4003: "));
        Assert.That(result.Stdout, Does.Contain($"{seed}:7:7: warning TR4002: "));
        AssertSame("validate", "--strict", seed);
        AssertSame("validate", "tests/fixtures/does-not-exist.yaml");
    }

    [Test]
    public void Render_and_graph_print_what_the_JIT_build_prints_for_every_sample()
    {
        foreach (var file in TaskFiles().Where(f => f.StartsWith("samples", StringComparison.Ordinal)))
        {
            AssertSame("render", "-f", file, "--id", "run1", "-r", "reg.azurecr.io");
            AssertSame("graph", "-f", file, "--format", "dot");
        }
        var sample = Repository.Sample("values-and-aliases");
        AssertSameIn(sample, "render", "-f", "acr-task.yaml", "--values", "values.yaml", "--set", "version=2.1", "--id", "run1");
        AssertSameIn(sample, "graph", "-f", "acr-task.yaml", "--values", "values.yaml", "--format", "mermaid");
    }

    [Test]
    public void Templates_read_the_fields_of_Sprig_values_and_write_JSON_as_the_JIT_build_does()
    {
        // Reflection and JSON in the template engine: a version's fields, a certificate's (RSA through OpenSSL), toJson.
        WithTask("""
            version: v1.1.0
            steps:
              - cmd: busybox echo {{ (semver "1.2.3-beta.1+b7").Major }}.{{ (semver "1.2.3").Minor }} {{ (semver "4.5.6").Prerelease | quote }} {{ semverCompare ">=1.2" "1.3.0" }}
              - cmd: busybox echo {{ dict "b" 1 "a" (list 1 "x" nil 2.5) | toJson | squote }} {{ .Values.name | upper | quote }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}
              - cmd: busybox echo {{ sha256sum "x" }} {{ b64enc "hi" }} {{ (genCA "ca" 1).Cert | len | lt 100 }} {{ (genCA "ca" 1).Key | contains "PRIVATE KEY" }}
            """);
        var native = NativeBinary.Run(Source, "render", "--set", "name=native", "--id", "run1");
        Assert.That(native.ExitCode, Is.Zero, NativeBinary.Describe(native));
        Assert.That(native.Stdout, Does.Contain("busybox echo 1.2 \"\" true"));
        Assert.That(native.Stdout, Does.Contain("'{\"a\":[1,\"x\",null,2.5],\"b\":1}' \"NATIVE\" -W-xxW-"));
        Assert.That(native.Stdout, Does.Contain(" aGk= true true"));
        AssertSameIn(Source, "render", "--set", "name=native", "--id", "run1");
    }

    [Test]
    public async Task A_real_run_with_cmd_build_push_and_docker_manifest_steps_succeeds_and_pushes_the_index()
    {
        var repository = "taskrunner-it/native-" + RunId;
        foreach (var file in Directory.GetFiles(Repository.Sample("multi-arch"))) File.Copy(file, Path.Combine(Source, Path.GetFileName(file)));
        var image = $"{{{{.Run.Registry}}}}/{repository}";
        WithTask($$$"""
            version: v1.1.0
            steps:
              - id: hello
                cmd: busybox echo native run {{.Run.ID}}
              - build: -t {{{image}}}:{{.Run.ID}}-amd64 -f dockerfile.amd64 .
              - build: -t {{{image}}}:{{.Run.ID}}-arm64 -f dockerfile.arm64 .
              - push: ["{{{image}}}:{{.Run.ID}}-arm64", "{{{image}}}:{{.Run.ID}}-amd64"]
              - cmd: docker manifest create {{{image}}}:latest {{{image}}}:{{.Run.ID}}-arm64 {{{image}}}:{{.Run.ID}}-amd64
              - cmd: docker manifest push --purge {{{image}}}:latest
              - cmd: docker manifest inspect {{{image}}}:latest
            """);
        foreach (var arch in new[] { "amd64", "arm64" }) RemoveAfterTest($"{Repository.Registry}/{repository}:{RunId}-{arch}");
        var report = Path.Combine(Source, "report.json");
        try
        {
            var result = NativeBinary.Run(Source, "run", "--id", RunId, "-r", Repository.Registry, "--report", report, ".");

            Assert.That(result.ExitCode, Is.Zero, NativeBinary.Describe(result));
            Assert.That(result.Stdout, Does.Contain($"[hello] native run {RunId}"));
            Assert.That(result.Stdout, Does.Contain($"Run {RunId}: succeeded after"));
            Assert.That(result.Stdout, Does.Contain("The following dependencies were found:"));
            // The registry itself, not TaskRunner's own inspect, says what the index holds.
            var index = await ManifestAsync(repository, "latest");
            Assert.That(index.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.docker.distribution.manifest.list.v2+json"));
            Assert.That(index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()),
                Is.EquivalentTo(new[] { "arm64", "amd64" }));
            using var written = JsonDocument.Parse(File.ReadAllText(report));
            Assert.That(written.RootElement.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            Assert.That(written.RootElement.GetProperty("steps").GetArrayLength(), Is.EqualTo(7));
            Assert.That(written.RootElement.GetProperty("imagesPushed").GetArrayLength(), Is.EqualTo(2));
        }
        finally
        {
            using var registry = new RegistryApi(Repository.Registry);
            await registry.DeleteRepositoryAsync(repository);
        }
    }

    [Test]
    public void Progress_json_writes_one_JSON_event_per_line()
    {
        WithTask("""
            steps:
              - id: a
                cmd: busybox echo first
              - id: b
                cmd: busybox sh -c "echo second; exit 3"
                ignoreErrors: true
            """);
        var result = NativeBinary.Run(Source, "run", "--id", RunId, "--progress", "json", ".");

        Assert.That(result.ExitCode, Is.Zero, NativeBinary.Describe(result));
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.That(types, Does.Contain("runStarted").And.Contain("output").And.Contain("stepFinished"));
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "output").Select(e => e.GetProperty("text").GetString()),
            Is.SupersetOf(new[] { "first", "second" }));
    }

    private static async Task<JsonElement> ManifestAsync(string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Repository.Registry}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.list.v2+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.index.v1+json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
