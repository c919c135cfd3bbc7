using System.Text;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Http;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// Readies the <c>docker manifest</c> code while a run sets itself up, so its first manifest step does not pay for it:
/// create, annotate, inspect and push of a two-image list run once against a registry held in memory (no network),
/// which compiles the whole path (arguments, HTTP, retries, JSON, digests, mounts), and each real registry the task
/// names is asked once for a missing manifest, which opens the connection and answers its auth challenge. Never fails
/// and never writes to a real registry.
/// </summary>
public static class ManifestWarmUp
{
    private const string Host = "warm-up.invalid";

    /// <param name="registries">The registries the task's manifest steps name, and whether each is reached with --insecure.</param>
    public static Task RunAsync(ICredentialStore credentials, IEnumerable<(string Registry, bool Insecure)> registries, CancellationToken cancellationToken) =>
        Task.WhenAll(registries.Distinct().Select(r => ProbeAsync(credentials, r.Registry, r.Insecure, cancellationToken)).Append(InProcessAsync(cancellationToken)));

    private static async Task ProbeAsync(ICredentialStore credentials, string registry, bool insecure, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new RegistryClient(credentials, new RegistryClientOptions { AllowInsecure = insecure });
            // A GET with a body and a HEAD: both ways the steps read answers over a real connection.
            await client.PingAsync(registry, cancellationToken);
            await client.HeadManifestAsync(ImageReference.Parse($"{registry}/taskrunner-warm-up/probe:latest"), cancellationToken);
        }
        catch (Exception e) when (e is RegistryException or FormatException or OperationCanceledException or HttpRequestException)
        {
            // A probe that fails costs nothing; the step itself reports real problems.
        }
    }

    /// <summary>The in-process half: true when every command of the exercise succeeded.</summary>
    internal static async Task<bool> InProcessAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var registry = new InMemoryRegistryHandler();
            string[] images = [$"{Host}/warm-up/image:amd64", $"{Host}/warm-up/image:arm64"];
            foreach (var arch in new[] { "amd64", "arm64" })
            {
                var layer = Encoding.UTF8.GetBytes("layer " + arch);
                var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{arch}}}","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{Digests.Sha256(layer)}}}"]}}""");
                registry.AddBlob(layer);
                registry.AddBlob(config);
                var manifest = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.DockerManifest}}}","config":{"mediaType":"{{{MediaTypes.DockerConfig}}}","size":{{{config.Length}}},"digest":"{{{Digests.Sha256(config)}}}"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{{{layer.Length}}},"digest":"{{{Digests.Sha256(layer)}}}"}]}""");
                registry.AddManifest("warm-up/image", arch, MediaTypes.DockerManifest, manifest);
            }
            var list = $"{Host}/warm-up/list:latest";
            var command = new DockerManifestCommand(new InMemoryManifestListStore(), new StaticCredentialStore(new Dictionary<string, RegistryCredential>()),
                new RegistryClientOptions { Handler = registry, AllowInsecure = true });
            string[][] steps =
            [
                ["create", list, .. images],
                ["annotate", "--variant", "v8", list, images[1]],
                ["inspect", list],
                ["inspect", list, images[0]],
                ["push", "--purge", list],
                ["inspect", list],
                ["inspect", "-v", images[0]],
                ["create", list, images[0]],
                ["rm", list],
            ];
            foreach (var step in steps)
                if (await command.ExecuteAsync(step, TextWriter.Null, TextWriter.Null, cancellationToken) != 0) return false;
            return true;
        }
        catch (Exception e) when (e is RegistryException or FormatException or OperationCanceledException or HttpRequestException)
        {
            return false;
        }
    }
}
