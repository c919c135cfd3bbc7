using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TaskRunner.TestSupport;

/// <summary>
/// A registry's HTTP API read straight from the tests, independent of the code under test: tag lists, the digest a
/// tag points to, and manifest deletion for clean-up. With a user and password it sends basic auth.
/// </summary>
public sealed class RegistryApi : IDisposable
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private readonly HttpClient _http = new();
    private readonly string _address;

    public RegistryApi(string address, string? user = null, string? password = null)
    {
        _address = address;
        if (user is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The repository's tags (none when the registry does not know the repository).</summary>
    public async Task<IReadOnlyList<string>> TagsAsync(string repository)
    {
        using var response = await _http.GetAsync($"http://{_address}/v2/{repository}/tags/list");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [];
    }

    /// <summary>The digest the registry serves for a tag (its Docker-Content-Digest); null when there is none.</summary>
    public async Task<string?> DigestAsync(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{_address}/v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }

    /// <summary>
    /// Deletes every manifest the repository's tags point to, lists before the images they name, so the registry is
    /// left as found; a registry that is gone or refuses is ignored.
    /// </summary>
    public async Task DeleteRepositoryAsync(string repository)
    {
        var manifests = new List<(string Digest, bool IsList)>();
        try
        {
            foreach (var tag in await TagsAsync(repository))
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{_address}/v2/{repository}/manifests/{tag}");
                foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                using var response = await _http.SendAsync(request);
                if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("Docker-Content-Digest", out var digests)) continue;
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
                manifests.Add((digests.First(), mediaType.Contains("list", StringComparison.Ordinal) || mediaType.Contains("index", StringComparison.Ordinal)));
            }
        }
        catch (HttpRequestException) { return; }
        foreach (var (digest, _) in manifests.Distinct().OrderByDescending(m => m.IsList))
            await DeleteAsync(repository, digest);
    }

    /// <summary>Deletes a manifest by digest (its tags go with it); a registry that is gone or refuses is ignored.</summary>
    public async Task DeleteAsync(string repository, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"http://{_address}/v2/{repository}/manifests/{digest}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try { using var _ = await _http.SendAsync(request); }
        catch (HttpRequestException) { }
    }

    /// <summary>Deletes what a tag points to, when it points to anything.</summary>
    public async Task DeleteTagAsync(string repository, string tag)
    {
        string? digest;
        try { digest = await DigestAsync(repository, tag); }
        catch (HttpRequestException) { return; }
        if (digest is not null) await DeleteAsync(repository, digest);
    }
}
