using System.Text;
using System.Text.Json;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;
using TaskRunner.Registry.Tests.Infrastructure;

namespace TaskRunner.Registry.Tests.Integration;

/// <summary>The seed's docker manifest flow, executed in process against the real registry, checked with the real engine and docker CLI.</summary>
[Category("Integration")]
[NonParallelizable]
public class ManifestFlowTests
{
    private string _repo = null!;
    private string Image(string tag) => $"{TestImages.Registry}/{_repo}:{tag}";

    [OneTimeSetUp]
    public void BuildImages()
    {
        _repo = TestImages.UniqueRepository("flow");
        TestImages.BuildAndPush(Image("1-amd64"), "amd64", _repo);
        TestImages.BuildAndPush(Image("1-arm64"), "arm64", _repo);
    }

    private readonly List<string> _pushedRepositories = [];

    [OneTimeTearDown]
    public async Task DeleteWhatWasPushed()
    {
        foreach (var repository in _pushedRepositories.Append($"{TestImages.Registry}/{_repo}").Distinct())
            await RegistryCleanup.DeleteRepositoryAsync(repository);
    }

    private static DockerManifestCommand Command(IManifestListStore? store = null) =>
        new(store ?? new InMemoryManifestListStore(), new DockerConfigCredentialStore(Directory.CreateTempSubdirectory("tr-nocfg").FullName));

    private static async Task<(int Exit, string Out, string Err)> Run(DockerManifestCommand command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await command.ExecuteAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static RegistryClient Client() => new(new StaticCredentialStore(new Dictionary<string, RegistryCredential>()));

    [Test]
    public async Task Create_push_inspect_like_the_seed()
    {
        var command = Command();
        var created = await Run(command, "create", Image("latest"), Image("1-arm64"), Image("1-amd64"));
        Assert.That(created, Is.EqualTo((0, $"Created manifest list {Image("latest")}\n", "")));

        var pushed = await Run(command, "push", "--purge", Image("latest"));
        Assert.That(pushed.Exit, Is.EqualTo(0), pushed.Err);
        var digest = pushed.Out.Trim();
        Assert.That(digest, Does.Match("^sha256:[0-9a-f]{64}$"));

        using var client = Client();
        var list = await client.GetManifestAsync(ImageReference.Parse(Image("latest")), default);
        Assert.That(list.MediaType, Is.EqualTo(MediaTypes.DockerManifestList));
        Assert.That(list.Digest, Is.EqualTo(digest));
        using var json = JsonDocument.Parse(list.Body);
        var manifests = json.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.That(manifests.Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()), Is.EqualTo(new[] { "amd64", "arm64" }));
        var amd = await client.HeadManifestAsync(ImageReference.Parse(Image("1-amd64")), default);
        var arm = await client.HeadManifestAsync(ImageReference.Parse(Image("1-arm64")), default);
        Assert.That(manifests.Select(m => m.GetProperty("digest").GetString()), Is.EqualTo(new[] { amd, arm }));

        var inspected = await Run(command, "inspect", Image("latest"));
        Assert.That(inspected.Exit, Is.EqualTo(0), inspected.Err);
        Assert.That(inspected.Out, Is.EqualTo(Encoding.UTF8.GetString(list.Body) + "\n"), "inspect prints the list as docker does");

        var purged = await Run(command, "push", Image("latest"));
        Assert.That(purged.Exit, Is.EqualTo(1));
        Assert.That(purged.Err, Does.Contain("not found"), "--purge removed the local list");
    }

    [Test]
    public async Task The_pushed_list_is_byte_for_byte_what_docker_pushes()
    {
        var config = Directory.CreateTempSubdirectory("tr-dockercfg");
        try
        {
            var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config.FullName };
            Shell.Run("docker", ["manifest", "create", "--insecure", Image("by-docker"), Image("1-arm64"), Image("1-amd64")], env);
            var dockerDigest = Shell.Run("docker", ["manifest", "push", "--insecure", "--purge", Image("by-docker")], env).Stdout.Trim().Split('\n')[^1];

            var command = Command();
            await Run(command, "create", Image("by-taskrunner"), Image("1-arm64"), Image("1-amd64"));
            var ours = await Run(command, "push", Image("by-taskrunner"));
            Assert.That(ours.Out.Trim(), Is.EqualTo(dockerDigest));
        }
        finally { config.Delete(true); }
    }

    [Test]
    public async Task Docker_pull_of_the_index_for_arm64_gets_the_arm64_image()
    {
        var command = Command();
        await Run(command, "create", Image("pull-test"), Image("1-amd64"), Image("1-arm64"));
        Assert.That((await Run(command, "push", Image("pull-test"))).Exit, Is.EqualTo(0));
        try
        {
            Shell.Docker("pull", "-q", "--platform", "linux/arm64", Image("pull-test"));
            Assert.That(Shell.Docker("image", "inspect", "--format", "{{.Architecture}}", Image("pull-test")).Stdout.Trim(), Is.EqualTo("arm64"));
        }
        finally { Shell.Run("docker", ["rmi", "-f", Image("pull-test")], check: false); }
    }

    [Test]
    public async Task Amend_is_required_to_change_a_list_and_adds_to_it()
    {
        var store = new InMemoryManifestListStore();
        var command = Command(store);
        await Run(command, "create", Image("amend"), Image("1-amd64"));
        var refused = await Run(command, "create", Image("amend"), Image("1-arm64"));
        Assert.That(refused, Is.EqualTo((1, "", "refusing to amend an existing manifest list with no --amend flag\n")));
        Assert.That((await Run(command, "create", "--amend", Image("amend"), Image("1-arm64"))).Exit, Is.EqualTo(0));
        Assert.That(store.GetList(ImageReference.Parse(Image("amend")))!.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task Annotate_sets_the_variant_and_rejects_unknown_platforms()
    {
        var store = new InMemoryManifestListStore();
        var command = Command(store);
        await Run(command, "create", Image("annotated"), Image("1-amd64"), Image("1-arm64"));
        Assert.That((await Run(command, "annotate", "--variant", "v8", "--os-features", "a,b", Image("annotated"), Image("1-arm64"))).Exit, Is.EqualTo(0));
        var bad = await Run(command, "annotate", "--arch", "sparc9", Image("annotated"), Image("1-arm64"));
        Assert.That(bad.Err, Does.Contain("unsupported os/arch combination: /sparc9"));
        var missing = await Run(command, "annotate", "--variant", "v8", Image("annotated"), Image("nope"));
        Assert.That(missing.Err, Does.Contain("does not exist in"));
        var digest = (await Run(command, "push", Image("annotated"))).Out.Trim();
        using var client = Client();
        var list = await client.GetManifestAsync(ImageReference.Parse(Image("annotated")), default);
        Assert.That(list.Digest, Is.EqualTo(digest));
        Assert.That(Encoding.UTF8.GetString(list.Body), Does.Contain("\"variant\": \"v8\"").And.Contain("\"os.features\": ["));
    }

    [Test]
    public async Task A_list_with_an_image_twice_or_a_platform_twice_is_refused()
    {
        // The same image under a second tag: one digest, two names.
        using (var client = Client())
        {
            var amd64 = await client.GetManifestAsync(ImageReference.Parse(Image("1-amd64")), default);
            await client.PutManifestAsync(ImageReference.Parse(Image("1-amd64-again")), amd64.MediaType, amd64.Body, default);
        }
        var command = Command();
        await Run(command, "create", Image("twice"), Image("1-amd64"), Image("1-amd64-again"));
        var twice = await Run(command, "push", Image("twice"));
        Assert.That(twice.Exit, Is.EqualTo(1));
        Assert.That(twice.Err, Does.Contain("is in the list twice"));

        await Run(command, "create", Image("same-platform"), Image("1-amd64"), Image("1-arm64"));
        Assert.That((await Run(command, "annotate", "--arch", "amd64", "--os", "linux", Image("same-platform"), Image("1-arm64"))).Exit, Is.EqualTo(0));
        var clash = await Run(command, "push", Image("same-platform"));
        Assert.That(clash.Exit, Is.EqualTo(1));
        Assert.That(clash.Err, Does.Contain("two images of the list have the platform linux/amd64"));
    }

    [Test]
    public async Task Annotate_sets_os_arch_and_os_version()
    {
        var command = Command();
        await Run(command, "create", Image("os-annotated"), Image("1-amd64"), Image("1-arm64"));
        var annotated = await Run(command, "annotate", "--os", "linux", "--arch", "arm", "--variant", "v7", "--os-version", "10.0.1", Image("os-annotated"), Image("1-arm64"));
        Assert.That(annotated.Exit, Is.EqualTo(0), annotated.Err);
        var digest = (await Run(command, "push", "--purge", Image("os-annotated"))).Out.Trim();
        using var client = Client();
        var list = Encoding.UTF8.GetString((await client.GetManifestAsync(ImageReference.Parse($"{TestImages.Registry}/{_repo}@{digest}"), default)).Body);
        Assert.That(list, Does.Contain("\"architecture\": \"arm\"").And.Contain("\"os.version\": \"10.0.1\"").And.Contain("\"variant\": \"v7\""));
    }

    [Test]
    public async Task The_platform_comes_from_the_image_config_and_a_non_image_config_is_refused()
    {
        using var client = Client();
        async Task PushImage(string tag, string configMediaType, string config)
        {
            var target = ImageReference.Parse(Image(tag));
            var configBytes = Encoding.UTF8.GetBytes(config);
            var configDigest = TaskRunner.Registry.Digests.Sha256(configBytes);
            await client.UploadBlobAsync(target, configDigest, configBytes, default);
            var manifest = $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciManifest}\",\"config\":{{\"mediaType\":\"{configMediaType}\",\"digest\":\"{configDigest}\",\"size\":{configBytes.Length}}},\"layers\":[]}}";
            await client.PutManifestAsync(target, MediaTypes.OciManifest, Encoding.UTF8.GetBytes(manifest), default);
        }
        await PushImage("windowsish", "application/vnd.oci.image.config.v1+json",
            "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\",\"os.version\":\"1.2.3\",\"os.features\":[\"f1\"],\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        await PushImage("artifact", "application/vnd.example.thing.v1+json", "{\"architecture\":\"arm\",\"os\":\"linux\"}");

        var store = new InMemoryManifestListStore();
        var command = Command(store);
        Assert.That((await Run(command, "create", Image("from-config"), Image("windowsish"))).Exit, Is.EqualTo(0));
        var platform = store.GetList(ImageReference.Parse(Image("from-config")))!.Single().Platform;
        Assert.That((platform.Architecture, platform.OS, platform.Variant, platform.OSVersion, string.Join(",", platform.OSFeatures ?? [])),
            Is.EqualTo(("arm", "linux", "v7", "1.2.3", "f1")));

        var artifact = await Run(command, "create", Image("from-artifact"), Image("artifact"));
        Assert.That(artifact.Exit, Is.EqualTo(1));
        Assert.That(artifact.Err, Does.Contain("is not a container image"));
    }

    [Test]
    public async Task An_index_as_a_source_and_a_missing_image_are_errors()
    {
        var command = Command();
        await Run(command, "create", Image("an-index"), Image("1-amd64"));
        await Run(command, "push", "--purge", Image("an-index"));
        var index = await Run(command, "create", Image("nested"), Image("an-index"));
        Assert.That(index, Is.EqualTo((1, "", $"{Image("an-index")} is a manifest list\n")));
        var missing = await Run(command, "create", Image("missing"), Image("does-not-exist"));
        Assert.That(missing.Exit, Is.EqualTo(1));
        Assert.That(missing.Err, Does.Contain("no such manifest").And.Contain("does-not-exist"));
    }

    [Test]
    public async Task Images_from_another_repository_are_copied_into_the_target()
    {
        var other = $"{TestImages.Registry}/{TestImages.UniqueRepository("target")}";
        _pushedRepositories.Add(other);
        var command = Command();
        await Run(command, "create", other + ":multi", Image("1-amd64"), Image("1-arm64"));
        var pushed = await Run(command, "push", other + ":multi");
        Assert.That(pushed.Exit, Is.EqualTo(0), pushed.Err);
        Assert.That(pushed.Out, Does.Contain($"Pushed ref {other}@sha256:").And.Contain(" with digest: sha256:"));
        using var client = Client();
        var list = await client.GetManifestAsync(ImageReference.Parse(other + ":multi"), default);
        using var json = JsonDocument.Parse(list.Body);
        foreach (var m in json.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var child = await client.GetManifestAsync(ImageReference.Parse(other).WithDigest(m.GetProperty("digest").GetString()!), default);
            Assert.That(child.MediaType, Is.EqualTo(MediaTypes.DockerManifest));
        }
    }

    [Test]
    public async Task Another_registry_is_refused_as_docker_refuses_it()
    {
        var command = Command();
        await Run(command, "create", "127.0.0.2:5999/x/y:z", Image("1-amd64"));
        var pushed = await Run(command, "push", "127.0.0.2:5999/x/y:z");
        Assert.That(pushed.Err, Does.Contain("cannot use source images from a different registry than the target image"));
    }

    [Test]
    public async Task Rm_removes_local_lists_and_reports_unknown_ones()
    {
        var store = new InMemoryManifestListStore();
        var command = Command(store);
        await Run(command, "create", Image("to-remove"), Image("1-amd64"));
        Assert.That((await Run(command, "rm", Image("to-remove"))).Exit, Is.EqualTo(0));
        var again = await Run(command, "rm", Image("to-remove"));
        Assert.That(again, Is.EqualTo((1, "", $"No such manifest: {Image("to-remove")}\n")));
    }

    [Test]
    public async Task Inspect_of_an_image_prints_its_manifest_with_tabs()
    {
        var result = await Run(Command(), "inspect", Image("1-arm64"));
        Assert.That(result.Exit, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.StartWith("{\n\t\"schemaVersion\": 2,"));
        var verbose = await Run(Command(), "inspect", "-v", Image("1-arm64"));
        Assert.That(verbose.Out, Does.Contain("\"architecture\": \"arm64\""));
    }

    [Test]
    public async Task Usage_errors_look_like_docker()
    {
        var result = await Run(Command(), "create", Image("only-one"));
        Assert.That(result.Exit, Is.EqualTo(1));
        Assert.That(result.Err, Does.StartWith("\"docker manifest create\" requires at least 2 arguments.\nSee 'docker manifest create --help'."));
    }

    [Test]
    public async Task Docker_config_store_is_shared_with_the_docker_cli()
    {
        var config = Directory.CreateTempSubdirectory("tr-dockercfg");
        try
        {
            var command = Command(new DockerConfigManifestListStore(config.FullName));
            Assert.That((await Run(command, "create", Image("shared"), Image("1-amd64"), Image("1-arm64"))).Exit, Is.EqualTo(0));
            var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config.FullName };
            var pushed = Shell.Run("docker", ["manifest", "push", "--insecure", Image("shared")], env);
            Assert.That(pushed.Stdout.Trim(), Does.Match("sha256:[0-9a-f]{64}$"), "docker pushed the list TaskRunner created");
        }
        finally { config.Delete(true); }
    }
}
