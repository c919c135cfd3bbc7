using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// Lists kept where the docker CLI keeps them (<c>$DOCKER_CONFIG/manifests</c>, default <c>~/.docker/manifests</c>):
/// one folder per list, one JSON file per image with docker's fields (<c>Ref</c>, <c>Descriptor</c>, <c>Raw</c>), so
/// <c>docker manifest push</c> can push what <c>taskrunner manifest create</c> made and the other way round.
/// </summary>
public sealed class DockerConfigManifestListStore : IManifestListStore
{
    private readonly string _root;

    public DockerConfigManifestListStore(string? configDirectory = null)
    {
        _root = Path.Combine(Auth.DockerConfigDirectory.Resolve(configDirectory), "manifests");
    }

    private string ListDirectory(ImageReference list) => Path.Combine(_root, StoreNames.FileSafe(list.ToString()));

    public IReadOnlyList<ManifestEntry>? GetList(ImageReference list)
    {
        var directory = ListDirectory(list);
        if (!Directory.Exists(directory)) return null;
        return Directory.GetFiles(directory).OrderBy(Path.GetFileName, StringComparer.Ordinal).Select(Read).ToList();
    }

    public ManifestEntry? Get(ImageReference list, ImageReference image)
    {
        var file = Path.Combine(ListDirectory(list), StoreNames.FileSafe(image.ToString()));
        return File.Exists(file) ? Read(file) : null;
    }

    public void Save(ImageReference list, ImageReference image, ManifestEntry entry)
    {
        var directory = ListDirectory(list);
        Directory.CreateDirectory(directory);
        var platform = new JsonObject { ["architecture"] = entry.Platform.Architecture, ["os"] = entry.Platform.OS };
        if (!string.IsNullOrEmpty(entry.Platform.OSVersion)) platform["os.version"] = entry.Platform.OSVersion;
        if (entry.Platform.OSFeatures is { Count: > 0 } features) platform["os.features"] = new JsonArray(features.Select(f => (JsonNode?)f).ToArray());
        if (!string.IsNullOrEmpty(entry.Platform.Variant)) platform["variant"] = entry.Platform.Variant;
        var descriptorAnnotations = entry.Annotations.Count == 0 ? null
            : new JsonObject(entry.Annotations.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var document = new JsonObject
        {
            ["Ref"] = entry.Ref,
            ["Descriptor"] = new JsonObject
            {
                ["mediaType"] = entry.MediaType,
                ["digest"] = entry.Digest,
                ["size"] = entry.Size,
                ["platform"] = platform,
            },
            ["Raw"] = Convert.ToBase64String(entry.Raw),
            [entry.MediaType == MediaTypes.OciManifest ? "OCIManifest" : "SchemaV2Manifest"] = JsonNode.Parse(entry.Raw),
        };
        if (descriptorAnnotations is not null) ((JsonObject)document["Descriptor"]!)["annotations"] = descriptorAnnotations;
        File.WriteAllText(Path.Combine(directory, StoreNames.FileSafe(image.ToString())), document.ToJsonString());
    }

    public bool Remove(ImageReference list)
    {
        var directory = ListDirectory(list);
        if (!Directory.Exists(directory)) return false;
        Directory.Delete(directory, recursive: true);
        return true;
    }

    private static ManifestEntry Read(string file)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            var descriptor = root.GetProperty("Descriptor");
            var raw = Convert.FromBase64String(root.GetProperty("Raw").GetString() ?? "");
            var platform = descriptor.TryGetProperty("platform", out var p) ? p : default;
            string? Get(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.GetString() : null;
            IReadOnlyList<string>? List(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList() : null;
            var blobs = new List<string>();
            using (var manifest = JsonDocument.Parse(raw))
            {
                if (manifest.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var d)) blobs.Add(d.GetString()!);
                if (manifest.RootElement.TryGetProperty("layers", out var layers))
                    blobs.AddRange(layers.EnumerateArray().Select(l => l.GetProperty("digest").GetString()).OfType<string>());
            }
            return new ManifestEntry
            {
                Ref = root.GetProperty("Ref").GetString() ?? "",
                MediaType = Get(descriptor, "mediaType") ?? MediaTypes.DockerManifest,
                Digest = Get(descriptor, "digest") ?? Digests.Sha256(raw),
                Size = descriptor.TryGetProperty("size", out var size) ? size.GetInt64() : raw.Length,
                Platform = new ManifestPlatform(Get(platform, "architecture") ?? "", Get(platform, "os") ?? "", Get(platform, "os.version"),
                    List(platform, "os.features"), Get(platform, "variant"), List(platform, "features")),
                Raw = raw,
                Blobs = blobs,
                Annotations = descriptor.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
                    ? a.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "") : new Dictionary<string, string>(),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RegistryException($"cannot read the local manifest list entry {file}: {e.Message}");
        }
    }
}
