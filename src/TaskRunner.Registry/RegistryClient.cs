using System.Net;
using System.Net.Http.Headers;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry;

/// <summary>
/// An OCI distribution (registry v2 API) client: manifests (GET/HEAD/PUT with digest checks) and blobs (GET,
/// cross-repository mount with a copy fallback). One connection state per registry host; thread-safe.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly ICredentialStore _credentials;
    private readonly RegistryClientOptions _options;
    private readonly Dictionary<string, RegistryHttp> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _lock = new();

    public RegistryClient(ICredentialStore credentials, RegistryClientOptions? options = null)
    {
        _credentials = credentials;
        _options = options ?? new RegistryClientOptions();
    }

    private RegistryHttp Host(ImageReference reference)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(reference.Registry, out var http))
                _hosts[reference.Registry] = http = new RegistryHttp(reference.ApiHost, _credentials, _options);
            return http;
        }
    }

    private static string Pull(ImageReference r) => $"repository:{r.Repository}:pull";
    private static string Push(ImageReference r) => $"repository:{r.Repository}:pull,push";

    public async Task<ManifestResponse> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var http = Host(reference);
        using var response = await http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, http.Url($"v2/{reference.Repository}/manifests/{reference.Reference}"));
            foreach (var type in MediaTypes.Accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, [Pull(reference)], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new RegistryException($"no such manifest: {reference}", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await RegistryErrors.EnsureSuccessAsync(response, $"getting the manifest of {reference}", cancellationToken);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
            throw new RegistryException($"the manifest of {reference} is larger than {MaxManifestBytes / (1024 * 1024)} MiB");
        var body = await http.ReadAsync(response, cancellationToken);
        if (body.Length > MaxManifestBytes)
            throw new RegistryException($"the manifest of {reference} is larger than {MaxManifestBytes / (1024 * 1024)} MiB");
        var digest = Digests.Sha256(body);
        if (reference.Digest is { } expected && expected != digest)
            throw new RegistryException($"the manifest served for {reference} has digest {digest}, not the one asked for");
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } served
            && served.StartsWith("sha256:", StringComparison.Ordinal) && served != digest)
            throw new RegistryException($"the manifest of {reference} does not match the digest the registry announced ({served})");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeSniffer.FromBody(body);
        if (mediaType is "application/json" or "text/plain") mediaType = MediaTypeSniffer.FromBody(body);
        return new ManifestResponse(mediaType, body, digest);
    }

    /// <summary>
    /// The API version check (<c>GET /v2/</c>): true when the registry speaks the v2 API to these credentials; false
    /// when it answers 404 (not a v2 registry).
    /// </summary>
    public async Task<bool> PingAsync(string registry, CancellationToken cancellationToken)
    {
        var http = Host(ImageReference.Parse($"{registry}/ping"));
        using var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, http.Url("v2/")), [], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await RegistryErrors.EnsureSuccessAsync(response, $"checking the API version of {registry}", cancellationToken);
        await http.ReadAsync(response, cancellationToken);
        return true;
    }

    /// <summary>The digest of a manifest, or null when the registry does not have it.</summary>
    public async Task<string?> HeadManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var http = Host(reference);
        using var response = await http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Head, http.Url($"v2/{reference.Repository}/manifests/{reference.Reference}"));
            foreach (var type in MediaTypes.Accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, [Pull(reference)], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await RegistryErrors.EnsureSuccessAsync(response, $"checking the manifest of {reference}", cancellationToken);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>Stores a manifest under the reference's tag (or digest); returns its digest, checked against the registry's.</summary>
    public async Task<string> PutManifestAsync(ImageReference reference, string mediaType, byte[] body, CancellationToken cancellationToken)
    {
        if (body.Length > MaxManifestBytes) throw new RegistryException($"a manifest may not be larger than {MaxManifestBytes / (1024 * 1024)} MiB");
        var digest = Digests.Sha256(body);
        var http = Host(reference);
        using var response = await http.SendAsync(() =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, http.Url($"v2/{reference.Repository}/manifests/{reference.Reference}")) { Content = content };
        }, [Push(reference)], cancellationToken);
        await RegistryErrors.EnsureSuccessAsync(response, $"pushing the manifest {reference}", cancellationToken);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } served && served != digest)
            throw new RegistryException($"the registry stored the manifest {reference} as {served}, but its content has digest {digest}");
        return digest;
    }

    public async Task DeleteManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var http = Host(reference);
        using var response = await http.SendAsync(() =>
            new HttpRequestMessage(HttpMethod.Delete, http.Url($"v2/{reference.Repository}/manifests/{reference.Reference}")),
            [$"repository:{reference.Repository}:delete,pull,push"], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return;
        await RegistryErrors.EnsureSuccessAsync(response, $"deleting {reference}", cancellationToken);
    }

    public async Task<byte[]> GetBlobAsync(ImageReference repository, string digest, CancellationToken cancellationToken)
    {
        var http = Host(repository);
        using var response = await http.SendAsync(() =>
            new HttpRequestMessage(HttpMethod.Get, http.Url($"v2/{repository.Repository}/blobs/{digest}")), [Pull(repository)], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new RegistryException($"blob {digest} is not in {repository.Name}", HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        await RegistryErrors.EnsureSuccessAsync(response, $"getting blob {digest} of {repository.Name}", cancellationToken);
        var bytes = await http.ReadAsync(response, cancellationToken);
        if (Digests.Sha256(bytes) != digest && digest.StartsWith("sha256:", StringComparison.Ordinal))
            throw new RegistryException($"blob {digest} of {repository.Name} does not match its digest");
        return bytes;
    }

    public async Task<bool> BlobExistsAsync(ImageReference repository, string digest, CancellationToken cancellationToken)
    {
        var http = Host(repository);
        using var response = await http.SendAsync(() =>
            new HttpRequestMessage(HttpMethod.Head, http.Url($"v2/{repository.Repository}/blobs/{digest}")), [Pull(repository)], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await RegistryErrors.EnsureSuccessAsync(response, $"checking blob {digest} of {repository.Name}", cancellationToken);
        return true;
    }

    /// <summary>
    /// Makes a blob of <paramref name="source"/> available in <paramref name="target"/>: nothing when it is there, a
    /// cross-repository mount on the same registry, and a copy when the registry answers 202 (no mount) or the
    /// source is elsewhere. Returns how: "exists", "mounted" or "copied".
    /// </summary>
    public async Task<string> MountOrCopyBlobAsync(ImageReference target, ImageReference source, string digest, CancellationToken cancellationToken)
    {
        if (await BlobExistsAsync(target, digest, cancellationToken)) return "exists";
        var http = Host(target);
        if (string.Equals(source.Registry, target.Registry, StringComparison.OrdinalIgnoreCase))
        {
            using var mount = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post,
                    http.Url($"v2/{target.Repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(source.Repository)}")),
                [Push(target), Pull(source)], cancellationToken);
            if (mount.StatusCode == HttpStatusCode.Created) return "mounted";
            if (mount.StatusCode == HttpStatusCode.Accepted && mount.Headers.Location is { } started)
            {
                // The registry opened an upload instead of mounting: finish it with the blob's bytes.
                var bytes = await GetBlobAsync(source, digest, cancellationToken);
                await CompleteUploadAsync(http, target, started, digest, bytes, cancellationToken);
                return "copied";
            }
        }
        var content = await GetBlobAsync(source, digest, cancellationToken);
        await UploadBlobAsync(target, digest, content, cancellationToken);
        return "copied";
    }

    /// <summary>Uploads a blob in one request (POST to open, PUT with the digest).</summary>
    public async Task UploadBlobAsync(ImageReference target, string digest, byte[] content, CancellationToken cancellationToken)
    {
        var http = Host(target);
        using var open = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, http.Url($"v2/{target.Repository}/blobs/uploads/")),
            [Push(target)], cancellationToken);
        await RegistryErrors.EnsureSuccessAsync(open, $"starting an upload to {target.Name}", cancellationToken);
        var location = open.Headers.Location ?? throw new RegistryException($"{target.Registry} opened an upload without a Location");
        await CompleteUploadAsync(http, target, location, digest, content, cancellationToken);
    }

    private static async Task CompleteUploadAsync(RegistryHttp http, ImageReference target, Uri location, string digest, byte[] content, CancellationToken cancellationToken)
    {
        var absolute = location.IsAbsoluteUri ? location : http.Url(location.OriginalString.TrimStart('/'));
        var builder = new UriBuilder(absolute);
        builder.Query = (string.IsNullOrEmpty(builder.Query) ? "" : builder.Query.TrimStart('?') + "&") + "digest=" + Uri.EscapeDataString(digest);
        using var put = await http.SendAsync(() =>
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, builder.Uri) { Content = body };
        }, [$"repository:{target.Repository}:pull,push"], cancellationToken);
        // A PUT that landed but whose answer was lost is sent again by the retry layer, and the registry, which has
        // closed the upload, answers 404 BLOB_UPLOAD_UNKNOWN. Blobs are addressed by content: when the registry now
        // holds this digest, the upload did what it was for.
        if (put.StatusCode == HttpStatusCode.NotFound && await BlobLandedAsync(http, target, digest, cancellationToken)) return;
        await RegistryErrors.EnsureSuccessAsync(put, $"uploading blob {digest} to {target.Name}", cancellationToken);
    }

    private static async Task<bool> BlobLandedAsync(RegistryHttp http, ImageReference target, string digest, CancellationToken cancellationToken)
    {
        using var head = await http.SendAsync(() =>
            new HttpRequestMessage(HttpMethod.Head, http.Url($"v2/{target.Repository}/blobs/{digest}")), [$"repository:{target.Repository}:pull,push"], cancellationToken);
        return head.IsSuccessStatusCode;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var http in _hosts.Values) http.Dispose();
            _hosts.Clear();
        }
    }
}
