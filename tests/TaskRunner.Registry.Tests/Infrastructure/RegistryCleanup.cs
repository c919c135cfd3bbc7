using System.Text.Json;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Tests.Infrastructure;

/// <summary>Deletes every manifest of a test repository (lists first, then images), so the registry is left as found.</summary>
internal static class RegistryCleanup
{
    public static async Task DeleteRepositoryAsync(string repository)
    {
        var reference = ImageReference.Parse(repository);
        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://{reference.Registry}/v2/{reference.Repository}/tags/list");
        if (!response.IsSuccessStatusCode) return;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (!json.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) return;
        using var client = new RegistryClient(new StaticCredentialStore(new Dictionary<string, RegistryCredential>()));
        var manifests = new List<(string Digest, bool IsList)>();
        foreach (var tag in tags.EnumerateArray().Select(t => t.GetString()!))
        {
            var manifest = await client.GetManifestAsync(reference with { Tag = tag, Digest = null }, default);
            manifests.Add((manifest.Digest, MediaTypes.IsIndex(manifest.MediaType)));
        }
        foreach (var (digest, _) in manifests.Distinct().OrderByDescending(m => m.IsList))
            await client.DeleteManifestAsync(reference.WithDigest(digest), default);
    }
}
