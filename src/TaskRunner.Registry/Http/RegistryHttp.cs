using System.Net.Http.Headers;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry;

/// <summary>
/// The HTTP conversation with one registry host, composed of one layer per concern, outermost first:
/// <see cref="ErrorMappingHandler"/> (a connection that failed becomes a message naming the registry),
/// <see cref="AuthChallengeHandler"/> (the challenge, the token flow, the token cache), <see cref="RetryHandler"/>
/// (429, 5xx and dropped connections, bounded), <see cref="SchemeHandler"/> (HTTPS, plain HTTP, or the insecure
/// probe) and the transport (TLS settings and the connection pool, shared by the process). Every state but the
/// connection pool belongs to this object, so two clients never see each other's tokens or scheme decisions.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly string _host;

    public RegistryHttp(string host, ICredentialStore credentials, RegistryClientOptions options)
    {
        _host = host;
        var scheme = RegistryEndpoints.Scheme(host, options);
        // The transport is shared by the process: a later command (or the warm-up before it) reuses open connections.
        var transport = options.Handler is null ? RegistryTransport.For(host, verify: scheme == RegistryScheme.Https, options) : null;
        HttpMessageHandler chain = new Borrowed(options.Handler ?? transport!.Handler);
        chain = new SchemeHandler(host, scheme, chain);
        chain = new RetryHandler(options.MaxRetries, options.RetryDelay, options.MaxRetryAfter, chain);
        chain = new AuthChallengeHandler(host, credentials, verifiedTls: scheme == RegistryScheme.Https, chain);
        chain = new ErrorMappingHandler(host, transport, chain);
        _client = new HttpClient(chain, disposeHandler: true) { Timeout = TimeSpan.FromMinutes(30) };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("taskrunner", "1.0"));
        // Requests are addressed to https; the scheme layer sends them over what the registry is spoken to with.
        _base = new Uri($"https://{host}/");
    }

    public Uri Url(string pathAndQuery) => new(_base, pathAndQuery);

    /// <summary>Sends a request needing a token for <paramref name="scopes"/>; answers only, never a dropped connection (that throws a <see cref="RegistryException"/>).</summary>
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        _client.SendAsync(create().WithScopes(scopes), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>
    /// The body of an answer. A registry that goes away while sending it (the headers came, the bytes stop) is a
    /// <see cref="RegistryException"/> naming it, like one that could not be reached.
    /// </summary>
    public async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            var what = response.RequestMessage is { RequestUri: { } uri } request ? $" to {request.Method} {uri.AbsolutePath}" : "";
            throw new RegistryException($"the registry {_host} went away in the middle of its answer{what}: {RegistryRequest.Describe(e)}", inner: e);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The innermost handler is the process's (or a test's): the layers above it never dispose it.</summary>
    private sealed class Borrowed(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing) { }
    }
}
