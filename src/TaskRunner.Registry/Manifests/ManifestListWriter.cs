using System.Text;
using TaskRunner.GoEncoding;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// Serialises a manifest list (Docker) or image index (OCI) byte for byte as docker does: Go's MarshalIndent with
/// three spaces, fields in docker's order, empty optional fields left out.
/// </summary>
public static class ManifestListWriter
{
    /// <summary>docker's choice: an OCI index when the first entry is an OCI manifest, else a Docker manifest list.</summary>
    public static string DockerMediaType(IReadOnlyList<ManifestEntry> entries) =>
        entries.Count > 0 && entries[0].MediaType == MediaTypes.OciManifest ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;

    public static byte[] Write(string mediaType, IReadOnlyList<ManifestEntry> entries, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var json = new GoJson("   ");
        json.BeginObject().Property("schemaVersion", 2).Property("mediaType", mediaType);
        json.Name("manifests").BeginArray();
        foreach (var entry in entries)
        {
            json.Element().BeginObject()
                .Property("mediaType", entry.MediaType)
                .Property("size", entry.Size)
                .Property("digest", entry.Digest);
            if (entry.Annotations.Count > 0) WriteMap(json, "annotations", entry.Annotations);
            var p = entry.Platform;
            json.Name("platform").BeginObject().Property("architecture", p.Architecture).Property("os", p.OS);
            if (!string.IsNullOrEmpty(p.OSVersion)) json.Property("os.version", p.OSVersion);
            if (p.OSFeatures is { Count: > 0 }) json.StringArray("os.features", p.OSFeatures);
            if (!string.IsNullOrEmpty(p.Variant)) json.Property("variant", p.Variant);
            if (p.Features is { Count: > 0 }) json.StringArray("features", p.Features);
            json.End('}').End('}');
        }
        json.End(']');
        if (annotations is { Count: > 0 }) WriteMap(json, "annotations", annotations);
        json.End('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void WriteMap(GoJson json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.Name(name).BeginObject();
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.Property(key, value);
        json.End('}');
    }
}
