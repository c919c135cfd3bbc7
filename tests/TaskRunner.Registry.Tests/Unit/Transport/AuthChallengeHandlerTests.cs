using System.Net;
using System.Text;
using TaskRunner.Registry.Auth;
using static TaskRunner.Registry.Tests.Unit.Transport.FakeInnerHandler;

namespace TaskRunner.Registry.Tests.Unit.Transport;

/// <summary>The challenge and token-cache layer alone, over a fake registry and token service.</summary>
public class AuthChallengeHandlerTests
{
    private const string Host = "registry.example.test";
    private static readonly string BasicAlice = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret-pw"));

    private static StaticCredentialStore Credentials(RegistryCredential? credential) =>
        new(credential is null ? new Dictionary<string, RegistryCredential>() : new Dictionary<string, RegistryCredential> { [Host] = credential });

    private static readonly RegistryCredential Alice = new("alice", "s3cret-pw", null);

    private static HttpResponseMessage Challenge(string header)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }

    /// <summary>A registry whose bearer realm is <paramref name="realm"/>; each token issued is "tN" and accepted.</summary>
    private static FakeInnerHandler TokenRegistry(string realm, int expiresIn = 300)
    {
        var issued = 0;
        return new FakeInnerHandler((request, _) =>
        {
            if (request.RequestUri!.AbsoluteUri.StartsWith(realm, StringComparison.Ordinal))
                return Ok($$"""{"token":"t{{Interlocked.Increment(ref issued)}}","expires_in":{{expiresIn}}}""");
            return request.Headers.Authorization?.Scheme == "Bearer" ? Ok() : Challenge($"Bearer realm=\"{realm}\",service=\"registry.example.test\"");
        });
    }

    [Test]
    public async Task A_basic_challenge_is_answered_once_and_later_requests_carry_the_credentials()
    {
        var inner = new FakeInnerHandler((request, _) => request.Headers.Authorization is null ? Challenge("Basic realm=\"registry\"") : Ok());
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);

        using (var first = await Send(layer, HttpMethod.Get, $"https://{Host}/v2/")) Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var second = await Send(layer, HttpMethod.Get, $"https://{Host}/v2/app/manifests/1")) Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(inner.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { null, BasicAlice, BasicAlice }));
    }

    [Test]
    public async Task A_bearer_token_is_fetched_per_scope_set_and_cached()
    {
        var inner = TokenRegistry("https://auth.example.test/token");
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);
        string[] pull = ["repository:app:pull"], push = ["repository:app:pull,push"];

        (await Send(layer, HttpMethod.Get, $"https://{Host}/v2/app/manifests/1", pull)).Dispose();
        (await Send(layer, HttpMethod.Get, $"https://{Host}/v2/app/manifests/2", pull)).Dispose();
        (await Send(layer, HttpMethod.Put, $"https://{Host}/v2/app/manifests/3", push)).Dispose();

        var tokenRequests = inner.Requests.Where(r => r.Uri.Host == "auth.example.test").ToList();
        Assert.That(tokenRequests, Has.Count.EqualTo(2), "one token per scope set; the second pull used the cached one");
        Assert.That(tokenRequests[0].Uri.Query, Is.EqualTo("?service=registry.example.test&scope=repository%3Aapp%3Apull"));
        Assert.That(tokenRequests.Select(r => r.Authorization), Is.All.EqualTo(BasicAlice));
        var registryRequests = inner.Requests.Where(r => r.Uri.Host == Host).Select(r => r.Authorization);
        Assert.That(registryRequests, Is.EqualTo(new[] { null, "Bearer t1", "Bearer t1", "Bearer t2" }), "a known challenge is answered before sending: no 401 for a new scope set");
    }

    [Test]
    public async Task An_identity_token_is_used_as_a_refresh_token()
    {
        var inner = TokenRegistry("https://auth.example.test/oauth2/token");
        using var layer = new AuthChallengeHandler(Host, Credentials(new RegistryCredential(null, null, "refresh-123")), verifiedTls: true, inner);

        (await Send(layer, HttpMethod.Get, $"https://{Host}/v2/app/manifests/1", ["repository:app:pull"])).Dispose();

        var token = inner.Requests.Single(r => r.Uri.Host == "auth.example.test");
        Assert.That(token.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(token.Body, Does.Contain("grant_type=refresh_token").And.Contain("refresh_token=refresh-123").And.Contain("scope=repository%3Aapp%3Apull"));
        Assert.That(token.Authorization, Is.Null);
    }

    [Test]
    public async Task Credentials_of_a_verified_registry_never_go_to_a_plain_http_realm()
    {
        var inner = TokenRegistry("http://auth.example.test/token");
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, $"https://{Host}/v2/")))!;

        Assert.That(error.Message, Does.Contain("http://auth.example.test/token").And.Contain("plain HTTP").And.Not.Contain("s3cret"));
        Assert.That(inner.Requests.Select(r => r.Uri.Host), Has.None.EqualTo("auth.example.test"));
    }

    [Test]
    public async Task A_registry_spoken_to_without_verified_tls_may_name_a_plain_http_realm()
    {
        var inner = TokenRegistry("http://auth.example.test/token");
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: false, inner);

        using var response = await Send(layer, HttpMethod.Get, $"http://{Host}/v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(inner.Requests.Single(r => r.Uri.Host == "auth.example.test").Authorization, Is.EqualTo(BasicAlice));
    }

    [Test]
    public async Task Anonymous_requests_may_use_a_plain_http_realm_of_a_verified_registry()
    {
        var inner = TokenRegistry("http://auth.example.test/token");
        using var layer = new AuthChallengeHandler(Host, Credentials(null), verifiedTls: true, inner);

        await Assert.DoesNotThrowAsync(() => Send(layer, HttpMethod.Get, $"https://{Host}/v2/"));
        Assert.That(inner.Requests.Single(r => r.Uri.Host == "auth.example.test").Authorization, Is.Null);
    }

    [Test]
    public async Task A_second_401_is_a_refusal_that_names_the_registry_and_never_the_password()
    {
        var inner = new FakeInnerHandler((_, _) => Challenge("Basic realm=\"registry\""));
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, $"https://{Host}/v2/")))!;

        Assert.That(error.Message, Does.StartWith($"{Host} refused access with the credentials given (401 Unauthorized)").And.Not.Contain("s3cret"));
        Assert.That(error.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(inner.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_401_without_a_challenge_says_so()
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var layer = new AuthChallengeHandler(Host, Credentials(null), verifiedTls: true, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, $"https://{Host}/v2/")))!;

        Assert.That(error.Message, Is.EqualTo($"{Host} answered 401 Unauthorized without a WWW-Authenticate challenge"));
    }

    [Test]
    public async Task A_token_service_that_refuses_is_named()
    {
        var inner = new FakeInnerHandler((request, _) => request.RequestUri!.Host == "auth.example.test"
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : Challenge("Bearer realm=\"https://auth.example.test/token\""));
        using var layer = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, $"https://{Host}/v2/")))!;

        Assert.That(error.Message, Does.StartWith($"the token service https://auth.example.test/token refused a token for {Host} (403 Forbidden)"));
    }

    [Test]
    public async Task Two_layers_never_share_tokens()
    {
        var inner = TokenRegistry("https://auth.example.test/token");
        using (var first = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner))
            (await Send(first, HttpMethod.Get, $"https://{Host}/v2/", ["repository:app:pull"])).Dispose();
        using var second = new AuthChallengeHandler(Host, Credentials(Alice), verifiedTls: true, inner);
        (await Send(second, HttpMethod.Get, $"https://{Host}/v2/", ["repository:app:pull"])).Dispose();

        Assert.That(inner.Requests.Count(r => r.Uri.Host == "auth.example.test"), Is.EqualTo(2));
    }
}
