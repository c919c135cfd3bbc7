namespace TaskRunner.Registry;

/// <summary>
/// The scheme layer: requests to the registry itself (not its token service or a storage it redirects to) go over
/// the scheme the registry is spoken to with. Plain HTTP for loopback, HTTPS otherwise; for an insecure registry
/// docker's order, HTTPS (unverified, by the transport) when it answers it, else plain HTTP, decided by one
/// <c>GET /v2/</c> the first time this layer sends anything. The decision belongs to this layer (one per client and
/// host), never to the process.
/// </summary>
internal sealed class SchemeHandler : DelegatingHandler
{
    private readonly string _host;
    private readonly string _name;
    private readonly int? _port;
    private readonly RegistryScheme _mode;
    private readonly TimeSpan _probeLimit;
    private readonly object _lock = new();
    private Task? _probe;
    private volatile string _scheme;

    public SchemeHandler(string host, RegistryScheme mode, HttpMessageHandler inner, TimeSpan? probeLimit = null) : base(inner)
    {
        _host = host;
        (_name, _port) = Split(host);
        _mode = mode;
        _scheme = mode == RegistryScheme.Http ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        _probeLimit = probeLimit ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The scheme requests to the registry go with now.</summary>
    public string Scheme => _scheme;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && IsRegistry(uri))
        {
            if (_mode == RegistryScheme.InsecureHttpsThenHttp)
            {
                // The probe is shared by every request of this layer, so no one caller's cancellation ends it.
                Task probe;
                lock (_lock) probe = _probe ??= ProbeAsync();
                await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            if (uri.Scheme != _scheme) request.RequestUri = WithScheme(uri, _scheme);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProbeAsync()
    {
        using var limit = new CancellationTokenSource(_probeLimit);
        try
        {
            using var ping = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://{_host}/v2/"));
            using var response = await base.SendAsync(ping, limit.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError
            || (e.HttpRequestError == HttpRequestError.ConnectionError && _port is null))
        {
            // No TLS there (or, on the default ports, nothing on 443): plain HTTP, as docker falls back.
            _scheme = Uri.UriSchemeHttp;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Unreachable for another reason: the request that follows reports it; nothing is decided.
        }
    }

    private bool IsRegistry(Uri uri) =>
        (string.Equals(uri.Host, _name, StringComparison.OrdinalIgnoreCase) || string.Equals(uri.IdnHost, _name.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
        && (_port is { } port ? uri.Port == port : uri.IsDefaultPort);

    private static Uri WithScheme(Uri uri, string scheme)
    {
        var builder = new UriBuilder(uri) { Scheme = scheme };
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }

    private static (string Name, int? Port) Split(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(']') < colon && int.TryParse(host[(colon + 1)..], out var port)
            ? (host[..colon], port) : (host, null);
    }
}
