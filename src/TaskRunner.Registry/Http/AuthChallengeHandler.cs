using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry;

/// <summary>
/// The authentication layer: a request goes out with the authorization its scopes were last given; a 401 is
/// answered once (the <c>WWW-Authenticate</c> challenge: Basic, or the Bearer token flow with the identity token as
/// a refresh token) and the request sent again. Tokens are cached per scope set until shortly before they expire.
/// The token service is reached through the layers inside this one (scheme, retry), never with the registry's
/// authorization. Credentials and tokens are never part of a message.
/// </summary>
/// <param name="host">The registry (<c>host[:port]</c>), whose credentials are asked for.</param>
/// <param name="verifiedTls">
/// The registry is spoken to over verified TLS: then its credentials never go to a plain-HTTP realm. A loopback or
/// insecure registry, itself spoken to without verified TLS, may name one.
/// </param>
internal sealed class AuthChallengeHandler(string host, ICredentialStore credentials, bool verifiedTls, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Dictionary<string, (string Header, DateTimeOffset Expires)> _authorizations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile AuthChallenge? _challenge;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scopes = RegistryRequest.ScopesOf(request);
        if (_challenge is { } known) Authorize(request, await AuthorizationAsync(known, scopes, force: false, cancellationToken).ConfigureAwait(false));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        response.Dispose();
        if (challenge is null) throw new RegistryException($"{host} answered 401 Unauthorized without a WWW-Authenticate challenge", HttpStatusCode.Unauthorized);
        _challenge = challenge;
        Authorize(request, await AuthorizationAsync(challenge, scopes, force: true, cancellationToken).ConfigureAwait(false));
        response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        var who = await credentials.GetAsync(host, cancellationToken).ConfigureAwait(false) is null ? "without credentials" : "with the credentials given";
        throw new RegistryException($"{host} refused access {who} (401 Unauthorized); log in with 'docker login {host}' or pass credentials", HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    private static void Authorize(HttpRequestMessage request, string? header)
    {
        request.Headers.Remove("Authorization");
        if (header is not null) request.Headers.TryAddWithoutValidation("Authorization", header);
    }

    private async Task<string?> AuthorizationAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, bool force, CancellationToken cancellationToken)
    {
        var key = string.Join(' ', scopes);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!force && _authorizations.TryGetValue(key, out var cached) && cached.Expires > DateTimeOffset.UtcNow) return cached.Header;
            var credential = await credentials.GetAsync(host, cancellationToken).ConfigureAwait(false);
            string? header = null;
            var expires = DateTimeOffset.MaxValue;
            if (challenge.IsBasic)
            {
                if (credential?.Username is { } user) header = Basic(user, credential.Password);
            }
            else if (challenge.IsBearer)
            {
                (header, expires) = await FetchTokenAsync(challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
            }
            if (header is not null) _authorizations[key] = (header, expires);
            return header;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static string Basic(string user, string? password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task<(string Header, DateTimeOffset Expires)> FetchTokenAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
            throw new RegistryException($"{host} asked for a bearer token without a usable realm");
        // A challenge can name any realm. Credentials go over plain HTTP only to a registry that is itself spoken to
        // without verified TLS (loopback, --insecure): anything else would hand them to whoever is on the path.
        if (credential is { Username: not null } or { IdentityToken: not null } && realmUri.Scheme == Uri.UriSchemeHttp && verifiedTls)
            throw new RegistryException($"{host} asks for its token at {realmUri.GetLeftPart(UriPartial.Path)}, which is plain HTTP: the credentials for {host} are not sent there (only a loopback or --insecure registry may take them over HTTP)",
                HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var request = TokenRequest(challenge, realmUri, scopes, credential);
        using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"the token service {realmUri.GetLeftPart(UriPartial.Path)} refused a token for {host} ({(int)response.StatusCode} {response.ReasonPhrase}); check the credentials",
                response.StatusCode, "UNAUTHORIZED");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var root = json.RootElement;
        var token = root.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } tv ? tv
            : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(token)) throw new RegistryException($"the token service for {host} answered without a token");
        var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 60;
        // Renew a little early so a request never carries a token that expires in flight.
        return ("Bearer " + token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(1, seconds - 10)));
    }

    /// <summary>An identity token is an OAuth2 refresh token (POST); a user name and password go as Basic on a GET.</summary>
    private static HttpRequestMessage TokenRequest(AuthChallenge challenge, Uri realm, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        if (credential?.IdentityToken is { } refresh)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"), new("refresh_token", refresh), new("client_id", "taskrunner"),
            };
            if (challenge.Service is { } s) form.Add(new("service", s));
            form.AddRange(scopes.Select(scope => new KeyValuePair<string, string>("scope", scope)));
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        var query = new List<string>();
        if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = string.Join('&', query) }.Uri);
        if (credential?.Username is { } user)
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(Basic(user, credential.Password));
        return request;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _lock.Dispose();
        base.Dispose(disposing);
    }
}
