using System.Net;

namespace TaskRunner.Registry.Tests.Unit.Transport;

/// <summary>
/// Stands where the network would be, below the layer under test: records what reaches it (address, method,
/// Authorization, body) and answers with <paramref name="answer"/> (the 1-based number of the request given).
/// </summary>
internal sealed class FakeInnerHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public sealed record Seen(HttpMethod Method, Uri Uri, string? Authorization, string? Body);

    private readonly List<Seen> _seen = [];

    public IReadOnlyList<Seen> Requests
    {
        get { lock (_seen) return [.. _seen]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        int n;
        lock (_seen)
        {
            _seen.Add(new Seen(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            n = _seen.Count;
        }
        var response = answer(request, n);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Ok(string body = "{}") => new(HttpStatusCode.OK) { Content = new StringContent(body) };

    public static HttpRequestException Refused(HttpRequestError error, string message) => new(error, message);

    /// <summary>Sends one request through <paramref name="handler"/> as the client would.</summary>
    public static Task<HttpResponseMessage> Send(HttpMessageHandler handler, HttpMethod method, string uri, IReadOnlyList<string>? scopes = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        if (scopes is not null) request.WithScopes(scopes);
        return new HttpMessageInvoker(handler, disposeHandler: false).SendAsync(request, CancellationToken.None);
    }
}
