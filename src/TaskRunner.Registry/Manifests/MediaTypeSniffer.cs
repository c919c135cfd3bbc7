using System.Text.Json;

namespace TaskRunner.Registry.Manifests;

/// <summary>The media type a manifest declares in its own body, for registries that serve a generic content type.</summary>
public static class MediaTypeSniffer
{
    public static string FromBody(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("mediaType", out var m) && m.GetString() is { Length: > 0 } declared) return declared;
            if (root.TryGetProperty("manifests", out _)) return MediaTypes.OciIndex;
            if (root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var n) && n == 1) return MediaTypes.DockerSchema1Signed;
            return MediaTypes.OciManifest;
        }
        catch (JsonException)
        {
            return "application/octet-stream";
        }
    }
}
