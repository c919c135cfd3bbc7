using NUnit.Framework;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Tests.Infrastructure;

/// <summary>
/// An amd64 and an arm64 image pushed to the shared test registry, which a test copies into a registry of its own
/// with the client under test; disposed, the repository is deleted.
/// </summary>
internal sealed class SourceImages : IAsyncDisposable
{
    private SourceImages(string repository) => Repository = repository;

    /// <summary>registry/repository; the images are its <c>:amd64</c> and <c>:arm64</c> tags.</summary>
    public string Repository { get; }

    public static SourceImages Push(string prefix)
    {
        var images = new SourceImages($"{TestImages.Registry}/{TestImages.UniqueRepository(prefix)}");
        TestImages.BuildAndPush(images.Repository + ":amd64", "amd64", images.Repository);
        TestImages.BuildAndPush(images.Repository + ":arm64", "arm64", images.Repository);
        return images;
    }

    public static StaticCredentialStore Credentials(string host, RegistryCredential? credential) =>
        new(credential is null ? new Dictionary<string, RegistryCredential>() : new Dictionary<string, RegistryCredential> { [host] = credential });

    /// <summary>Copies both images into <paramref name="targetRepository"/> with <paramref name="client"/> (a cross-registry blob copy).</summary>
    public async Task CopyToAsync(RegistryClient client, string targetRepository)
    {
        using var sourceClient = new RegistryClient(Credentials(TestImages.Registry, null));
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var source = ImageReference.Parse($"{Repository}:{arch}");
            var entry = await ImageResolver.ResolveAsync(sourceClient, source, default);
            var target = ImageReference.Parse($"{targetRepository}:{arch}");
            foreach (var blob in entry.Blobs)
                Assert.That(await client.MountOrCopyBlobAsync(target, source, blob, default), Is.AnyOf("copied", "exists"), "another registry: never a mount");
            await client.PutManifestAsync(target, entry.MediaType, entry.Raw, default);
        }
    }

    /// <summary>Runs a <c>docker manifest</c> command in process: its exit code, stdout and stderr.</summary>
    public static async Task<(int, string, string)> Manifest(DockerManifestCommand command, params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var exit = await command.ExecuteAsync(args, o, e, default);
        return (exit, o.ToString(), e.ToString());
    }

    public ValueTask DisposeAsync() => new(RegistryCleanup.DeleteRepositoryAsync(Repository));
}
