using System.Text.Json;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// Turns an image reference into a <see cref="ManifestEntry"/>: its manifest from the registry and its platform from
/// the config blob. A reference that is itself an index is an error, as in docker.
/// </summary>
public static class ImageResolver
{
    public static async Task<ManifestEntry> ResolveAsync(RegistryClient client, ImageReference reference, CancellationToken cancellationToken)
    {
        var manifest = await client.GetManifestAsync(reference, cancellationToken);
        if (MediaTypes.IsIndex(manifest.MediaType))
            throw new RegistryException($"{reference} is a manifest list");
        if (!MediaTypes.IsImage(manifest.MediaType))
            throw new RegistryException($"{reference} has an unsupported manifest format ({manifest.MediaType}); only Docker v2 schema 2 and OCI image manifests can be listed");
        using var json = JsonDocument.Parse(manifest.Body);
        var root = json.RootElement;
        if (!root.TryGetProperty("config", out var config) || config.GetProperty("digest").GetString() is not { } configDigest)
            throw new RegistryException($"the manifest of {reference} has no config");
        var configType = config.TryGetProperty("mediaType", out var ct) ? ct.GetString() ?? "" : "";
        var blobs = new List<string> { configDigest };
        if (root.TryGetProperty("layers", out var layers))
            blobs.AddRange(layers.EnumerateArray().Select(l => l.GetProperty("digest").GetString()).OfType<string>());

        ManifestPlatform platform;
        if (MediaTypes.IsConfig(configType))
        {
            var configBytes = await client.GetBlobAsync(reference, configDigest, cancellationToken);
            platform = PlatformOf(configBytes, reference);
        }
        else
        {
            throw new RegistryException($"{reference} is not a container image (its config is '{configType}'), so it has no platform for a manifest list");
        }
        return new ManifestEntry
        {
            Ref = reference.ToString(),
            MediaType = manifest.MediaType,
            Digest = manifest.Digest,
            Size = manifest.Body.Length,
            Platform = platform,
            Raw = manifest.Body,
            Blobs = blobs,
        };
    }

    private static ManifestPlatform PlatformOf(byte[] config, ImageReference reference)
    {
        using var json = JsonDocument.Parse(config);
        var root = json.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IReadOnlyList<string>? List(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList() : null;
        var architecture = Get("architecture");
        var os = Get("os");
        if (string.IsNullOrEmpty(architecture) || string.IsNullOrEmpty(os))
            throw new RegistryException($"the image config of {reference} names no OS and architecture");
        return new ManifestPlatform(architecture, os, Get("os.version"), List("os.features"), Get("variant"));
    }
}
