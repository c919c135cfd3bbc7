using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using TaskRunner.Registry.Manifests;

namespace TaskRunner.Registry.Http;

/// <summary>
/// A registry (v2 API) kept in memory and answered without a network: manifests by tag and digest, blobs, uploads and
/// cross-repository mounts. It lets <see cref="ManifestWarmUp"/> drive the whole create/push/inspect path in process.
/// </summary>
internal sealed class InMemoryRegistryHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, (string MediaType, byte[] Body)> _manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public void AddBlob(byte[] content) => _blobs[Digests.Sha256(content)] = content;

    public string AddManifest(string repository, string tag, string mediaType, byte[] body)
    {
        var digest = Digests.Sha256(body);
        _manifests[$"{repository}@{tag}"] = (mediaType, body);
        _manifests[$"{repository}@{digest}"] = (mediaType, body);
        return digest;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!path.StartsWith("/v2/", StringComparison.Ordinal)) return new HttpResponseMessage(HttpStatusCode.NotFound);
        if (path == "/v2/") return new HttpResponseMessage(HttpStatusCode.OK);

        var uploads = path.IndexOf("/blobs/uploads/", StringComparison.Ordinal);
        if (uploads > 0)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            if (method == HttpMethod.Post && query["mount"] is { } mounted && _blobs.ContainsKey(mounted))
                return new HttpResponseMessage(HttpStatusCode.Created);
            if (method == HttpMethod.Post)
                return new HttpResponseMessage(HttpStatusCode.Accepted) { Headers = { Location = new Uri(path[..(uploads + 15)] + "upload", UriKind.Relative) } };
            if (method == HttpMethod.Put && query["digest"] is { } digest)
            {
                _blobs[digest] = body;
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        var blobs = path.LastIndexOf("/blobs/", StringComparison.Ordinal);
        if (blobs > 0)
        {
            if (!_blobs.TryGetValue(path[(blobs + 7)..], out var blob)) return new HttpResponseMessage(HttpStatusCode.NotFound);
            return Content(method, blob, "application/octet-stream");
        }

        var manifests = path.LastIndexOf("/manifests/", StringComparison.Ordinal);
        if (manifests < 0) return new HttpResponseMessage(HttpStatusCode.NotFound);
        var key = $"{path[4..manifests]}@{path[(manifests + 11)..]}";
        if (method == HttpMethod.Put)
        {
            var mediaType = request.Content?.Headers.ContentType?.MediaType ?? MediaTypes.OciManifest;
            var digest = AddManifest(path[4..manifests], path[(manifests + 11)..], mediaType, body);
            return new HttpResponseMessage(HttpStatusCode.Created) { Headers = { { "Docker-Content-Digest", digest } } };
        }
        if (method == HttpMethod.Delete)
            return new HttpResponseMessage(_manifests.TryRemove(key, out _) ? HttpStatusCode.Accepted : HttpStatusCode.NotFound);
        if (!_manifests.TryGetValue(key, out var manifest)) return new HttpResponseMessage(HttpStatusCode.NotFound);
        var response = Content(method, manifest.Body, manifest.MediaType);
        response.Headers.Add("Docker-Content-Digest", Digests.Sha256(manifest.Body));
        return response;
    }

    private static HttpResponseMessage Content(HttpMethod method, byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(method == HttpMethod.Head ? [] : body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Headers.ContentLength = body.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
