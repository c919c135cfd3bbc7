using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry;

/// <summary>
/// The HTTP conversation with one registry host: authentication (anonymous, Basic, or the Bearer token flow of the
/// WWW-Authenticate challenge, with identity tokens as refresh tokens; tokens cached per scope until they expire) and
/// resilience (429 honouring Retry-After, 5xx and dropped connections retried with backoff; other 4xx never).
/// Credentials and tokens are never part of a message.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    private readonly string _host;
    private readonly ICredentialStore _credentials;
    private readonly HttpClient _client;
    private readonly RegistryScheme _scheme;
    private readonly RegistryTransport? _transport;
    private Uri _base;
    private Task? _schemeProbe;
    private readonly object _schemeLock = new();
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Dictionary<string, (string Header, DateTimeOffset Expires)> _authorizations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private AuthChallenge? _challenge;

    public RegistryHttp(string host, ICredentialStore credentials, RegistryClientOptions options)
    {
        _host = host;
        _credentials = credentials;
        _scheme = RegistryEndpoints.Scheme(host, options);
        _base = new Uri($"{(_scheme == RegistryScheme.Http ? "http" : "https")}://{host}/");
        // The transport is shared by the process: a later command (or the warm-up before it) reuses open connections.
        _transport = options.Handler is null ? RegistryTransport.For(host, verify: _scheme == RegistryScheme.Https, options) : null;
        _client = new HttpClient(options.Handler ?? _transport!.Handler, disposeHandler: false);
        _client.Timeout = TimeSpan.FromMinutes(30);
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("taskrunner", "1.0"));
        _pipeline = options.MaxRetries <= 0 ? ResiliencePipeline<HttpResponseMessage>.Empty : new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    // A refused certificate or handshake stays refused: retrying it only delays the message.
                    .Handle<HttpRequestException>(e => e.HttpRequestError != HttpRequestError.SecureConnectionError && !IsClientCertificateAlert(e))
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                DelayGenerator = args =>
                {
                    var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                    if (delay is { } d) delay = d < TimeSpan.Zero ? TimeSpan.Zero : d > options.MaxRetryAfter ? options.MaxRetryAfter : d;
                    return ValueTask.FromResult(delay);
                },
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The scheme each insecure host answered on, so it is tried once per process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> KnownSchemes = new(StringComparer.OrdinalIgnoreCase);

    public Uri Url(string pathAndQuery) => new(_base, pathAndQuery);

    /// <summary>
    /// Sends a request (built afresh for every attempt) with the authorization for <paramref name="scopes"/>; on 401
    /// answers the challenge once and sends it again.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(create, scopes, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        response.Dispose();
        if (challenge is null) throw new RegistryException($"{_host} answered 401 Unauthorized without a WWW-Authenticate challenge", HttpStatusCode.Unauthorized);
        _challenge = challenge;
        await AuthorizeAsync(challenge, scopes, cancellationToken, force: true);
        response = await SendOnceAsync(create, scopes, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            var who = await _credentials.GetAsync(_host, cancellationToken) is null ? "without credentials" : "with the credentials given";
            throw new RegistryException($"{_host} refused access {who} (401 Unauthorized); log in with 'docker login {_host}' or pass credentials", HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
        return response;
    }

    /// <summary>
    /// For an insecure host, docker's order: HTTPS (unverified) when the host answers it, else plain HTTP. Decided by
    /// one <c>GET /v2/</c> the first time the process speaks to the host.
    /// </summary>
    private Task EnsureSchemeAsync(CancellationToken cancellationToken)
    {
        if (_scheme != RegistryScheme.InsecureHttpsThenHttp || _base.Scheme == "http") return Task.CompletedTask;
        if (KnownSchemes.TryGetValue(_host, out var known))
        {
            _base = known;
            return Task.CompletedTask;
        }
        // The probe is shared by every request of this client, so no one caller's cancellation ends it.
        lock (_schemeLock) return (_schemeProbe ??= ProbeAsync()).WaitAsync(cancellationToken);

        async Task ProbeAsync()
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                using var response = await _client.GetAsync(new Uri(_base, "v2/"), HttpCompletionOption.ResponseHeadersRead, limit.Token);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError
                || (e.HttpRequestError == HttpRequestError.ConnectionError && !_host.Contains(':')))
            {
                // No TLS there (or, on the default ports, nothing on 443): plain HTTP, as docker falls back.
                _base = new Uri($"http://{_host}/");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Unreachable for another reason: the request that follows reports it; nothing is decided.
                return;
            }
            KnownSchemes[_host] = _base;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        await EnsureSchemeAsync(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                var request = create();
                var header = _challenge is null ? null : await AuthorizeAsync(_challenge, scopes, token, force: false);
                if (header is not null) request.Headers.TryAddWithoutValidation("Authorization", header);
                return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var why = _transport?.LastRejection ?? e.InnerException?.Message ?? e.Message;
            throw new RegistryException($"cannot make a TLS connection to the registry {_host} at {_base}: {why}", inner: e);
        }
        catch (HttpRequestException e)
        {
            var why = Describe(e);
            // The server's TLS alert for a missing client certificate arrives with the first request under TLS 1.3.
            if (_transport is { Certificates.ClientCertificates.Count: 0 } transport && IsClientCertificateAlert(e))
                why += $"; the registry asks for a client certificate: put it in {Path.Combine(transport.Certificates.Folder, "client.cert")} with its key client.key";
            throw new RegistryException($"cannot reach the registry {_host} at {_base}: {why}", inner: e);
        }
    }

    private async Task<string?> AuthorizeAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken, bool force)
    {
        var key = string.Join(' ', scopes);
        await _authLock.WaitAsync(cancellationToken);
        try
        {
            if (!force && _authorizations.TryGetValue(key, out var cached) && cached.Expires > DateTimeOffset.UtcNow) return cached.Header;
            var credential = await _credentials.GetAsync(_host, cancellationToken);
            string? header = null;
            var expires = DateTimeOffset.MaxValue;
            if (challenge.IsBasic)
            {
                if (credential?.Username is { } user)
                    header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{credential.Password}"));
            }
            else if (challenge.IsBearer)
            {
                (header, expires) = await FetchTokenAsync(challenge, scopes, credential, cancellationToken);
            }
            if (header is not null) _authorizations[key] = (header, expires);
            return header;
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task<(string Header, DateTimeOffset Expires)> FetchTokenAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
            throw new RegistryException($"{_host} asked for a bearer token without a usable realm");
        // A challenge can name any realm. Credentials go over plain HTTP only to a registry that is itself spoken to
        // without verified TLS (loopback, --insecure): anything else would hand them to whoever is on the path.
        if (credential is { Username: not null } or { IdentityToken: not null } && realmUri.Scheme == Uri.UriSchemeHttp
            && _scheme == RegistryScheme.Https && _base.Scheme == Uri.UriSchemeHttps)
            throw new RegistryException($"{_host} asks for its token at {realmUri.GetLeftPart(UriPartial.Path)}, which is plain HTTP: the credentials for {_host} are not sent there (only a loopback or --insecure registry may take them over HTTP)",
                HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        HttpRequestMessage Create()
        {
            if (credential?.IdentityToken is { } refresh)
            {
                var form = new List<KeyValuePair<string, string>>
                {
                    new("grant_type", "refresh_token"), new("refresh_token", refresh), new("client_id", "taskrunner"),
                };
                if (challenge.Service is { } s) form.Add(new("service", s));
                form.AddRange(scopes.Select(scope => new KeyValuePair<string, string>("scope", scope)));
                return new HttpRequestMessage(HttpMethod.Post, realmUri) { Content = new FormUrlEncodedContent(form) };
            }
            var query = new List<string>();
            if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
            query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
            var builder = new UriBuilder(realmUri) { Query = string.Join('&', query) };
            var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (credential?.Username is { } user)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{credential.Password}")));
            return request;
        }
        using var response = await _pipeline.ExecuteAsync(async token => await _client.SendAsync(Create(), token), cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"the token service {realmUri.GetLeftPart(UriPartial.Path)} refused a token for {_host} ({(int)response.StatusCode} {response.ReasonPhrase}); check the credentials",
                response.StatusCode, "UNAUTHORIZED");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = json.RootElement;
        var token = root.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } tv ? tv
            : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(token)) throw new RegistryException($"the token service for {_host} answered without a token");
        var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 60;
        // Renew a little early so a request never carries a token that expires in flight.
        return ("Bearer " + token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(1, seconds - 10)));
    }

    /// <summary>The TLS alert a server that wants a client certificate sends (after the handshake, under TLS 1.3).</summary>
    private static bool IsClientCertificateAlert(Exception e)
    {
        var why = Describe(e);
        return why.Contains("alert bad certificate", StringComparison.Ordinal) || why.Contains("alert certificate required", StringComparison.Ordinal);
    }

    /// <summary>The messages of an exception and its causes, each once ("An error occurred while sending the request" says little alone).</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (!messages.Contains(x.Message.TrimEnd('.'))) messages.Add(x.Message.TrimEnd('.'));
        return string.Join(": ", messages);
    }

    /// <summary>Throws a <see cref="RegistryException"/> with the registry's own error text for a failed response.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null, message = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                message = string.Join("; ", errors.EnumerateArray().Select(x => x.TryGetProperty("message", out var m) ? m.GetString() : null).OfType<string>());
            }
        }
        catch (JsonException) { }
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        throw new RegistryException($"{what}: {status}" + (message is { Length: > 0 } ? $": {message}" + (code is null ? "" : $" ({code})") : ""), response.StatusCode, code);
    }

    public void Dispose()
    {
        _client.Dispose();
        _authLock.Dispose();
    }
}
