using Docker.DotNet.Handler.Abstractions;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Engine API query parameters that Docker.DotNet's request models lack (the build's <c>isolation</c>): the call
/// carries them as <c>X-TaskRunner-Query-NAME: VALUE</c> headers, and the handler installed on the client's transport
/// moves each one into the request's query as <c>NAME=VALUE</c> before the engine sees the request.
/// Installed through Docker.DotNet's <see cref="IAuthProvider"/> hook, its one way to wrap the transport's handler;
/// it adds no authentication (TLS, when the engine needs it, is set up first by the endpoint's own provider, which this one wraps).
/// </summary>
internal sealed class EngineQueryParameters : IAuthProvider
{
    private const string Prefix = "X-TaskRunner-Query-";

    public static EngineQueryParameters Instance { get; } = new();

    public bool TlsEnabled => false;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler) => new Handler(handler);

    /// <summary>The headers that ask for the given query parameters (none for null values).</summary>
    public static Dictionary<string, string> Headers(params (string Name, string? Value)[] parameters) =>
        parameters.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => Prefix + p.Name, p => p.Value!);

    /// <summary>Moves the query-parameter headers of a request into its query.</summary>
    internal static void Rewrite(HttpRequestMessage request)
    {
        if (request.RequestUri is not { } uri) return;
        var moved = request.Headers.Where(h => h.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (moved.Count == 0) return;
        var query = string.Join('&', moved.SelectMany(h => h.Value.Select(v =>
            Uri.EscapeDataString(h.Key[Prefix.Length..].ToLowerInvariant()) + "=" + Uri.EscapeDataString(v))));
        foreach (var header in moved) request.Headers.Remove(header.Key);
        var text = uri.OriginalString;
        request.RequestUri = new Uri(text + (text.Contains('?') ? "&" : "?") + query, uri.IsAbsoluteUri ? UriKind.Absolute : UriKind.Relative);
    }

    private sealed class Handler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Rewrite(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
