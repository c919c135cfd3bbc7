using System.Text;
using System.Text.Json;
using TaskRunner.GoEncoding;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>What <c>docker manifest inspect</c> prints, for an image and for a list, plain and verbose.</summary>
public static class ManifestInspection
{
    /// <summary>An image: its manifest re-indented with tabs; verbose: docker's ImageManifest object.</summary>
    public static string Image(ManifestEntry entry, bool verbose)
    {
        if (!verbose) return JsonIndenter.Indent(Encoding.UTF8.GetString(entry.Raw), "\t");
        var json = new GoJson("\t");
        WriteVerbose(json, entry);
        return json.ToString();
    }

    /// <summary>A list: docker's canonical list bytes; verbose: the array of its images' ImageManifest objects.</summary>
    public static string List(IReadOnlyList<ManifestEntry> entries, bool verbose, string? mediaType = null)
    {
        if (!verbose) return Encoding.UTF8.GetString(ManifestListWriter.Write(mediaType ?? ManifestListWriter.DockerMediaType(entries), entries));
        var json = new GoJson("\t");
        json.BeginArray();
        foreach (var entry in entries) { json.Element(); WriteVerbose(json, entry); }
        json.End(']');
        return json.ToString();
    }

    /// <summary>The entries of a list manifest from the registry (no raw child manifests).</summary>
    public static IReadOnlyList<ManifestEntry> EntriesOf(ManifestResponse list, ImageReference reference)
    {
        using var json = JsonDocument.Parse(list.Body);
        var entries = new List<ManifestEntry>();
        foreach (var m in json.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var p = m.TryGetProperty("platform", out var platform) ? platform : default;
            string? Get(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.GetString() : null;
            IReadOnlyList<string>? List(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToList() : null;
            var digest = Get(m, "digest") ?? "";
            entries.Add(new ManifestEntry
            {
                Ref = reference.WithDigest(digest).ToString(),
                MediaType = Get(m, "mediaType") ?? MediaTypes.DockerManifest,
                Digest = digest,
                Size = m.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
                Platform = new ManifestPlatform(Get(p, "architecture") ?? "", Get(p, "os") ?? "", Get(p, "os.version"), List(p, "os.features"), Get(p, "variant"), List(p, "features")),
                Raw = [],
                Annotations = m.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object
                    ? a.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString() ?? "") : new Dictionary<string, string>(),
            });
        }
        return entries;
    }

    private static void WriteVerbose(GoJson json, ManifestEntry entry)
    {
        json.BeginObject().Property("Ref", entry.Ref);
        json.Name("Descriptor").BeginObject()
            .Property("mediaType", entry.MediaType).Property("digest", entry.Digest).Property("size", entry.Size);
        var p = entry.Platform;
        json.Name("platform").BeginObject().Property("architecture", p.Architecture).Property("os", p.OS);
        if (!string.IsNullOrEmpty(p.OSVersion)) json.Property("os.version", p.OSVersion);
        if (p.OSFeatures is { Count: > 0 }) json.StringArray("os.features", p.OSFeatures);
        if (!string.IsNullOrEmpty(p.Variant)) json.Property("variant", p.Variant);
        json.End('}').End('}');
        json.Property("Raw", Convert.ToBase64String(entry.Raw));
        if (entry.Raw.Length > 0)
            json.Name(entry.MediaType == MediaTypes.OciManifest ? "OCIManifest" : "SchemaV2Manifest").Raw(JsonIndenter.Indent(Encoding.UTF8.GetString(entry.Raw), "\t"), "\t");
        json.End('}');
    }
}
