using System.Net;
using System.Text;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry.Tests.Unit;

/// <summary>Where the bearer flow may send credentials: a challenge can name any realm.</summary>
public class TokenRealmTests
{
    /// <summary>Answers 401 with a Bearer challenge naming <paramref name="realm"/> until a token comes back, and serves the token.</summary>
    private sealed class ChallengingRegistry(string realm) : HttpMessageHandler
    {
        public List<(Uri Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            if (request.RequestUri!.AbsoluteUri.StartsWith(realm, StringComparison.Ordinal))
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"token":"t0k3n","expires_in":300}""", Encoding.UTF8, "application/json") });
            if (request.Headers.Authorization?.ToString() == "Bearer t0k3n")
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"registry\"");
            return Task.FromResult(challenge);
        }
    }

    private static StaticCredentialStore Credentials(string host) =>
        new(new Dictionary<string, RegistryCredential> { [host] = new("user", "s3cret-pass", null) });

    [Test]
    public async Task Credentials_are_not_sent_to_a_plain_http_realm_of_an_https_registry()
    {
        var registry = new ChallengingRegistry("http://auth.example.test/token");
        using var client = new RegistryClient(Credentials("registry.example.test"), new RegistryClientOptions { Handler = registry, MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync("registry.example.test", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("http://auth.example.test/token").And.Contain("plain HTTP").And.Not.Contain("s3cret"));
        Assert.That(registry.Requests.Select(r => r.Uri.Host), Has.None.EqualTo("auth.example.test"), "nothing was sent to the realm");
    }

    [Test]
    public async Task An_https_realm_gets_the_credentials()
    {
        var registry = new ChallengingRegistry("https://auth.example.test/token");
        using var client = new RegistryClient(Credentials("registry.example.test"), new RegistryClientOptions { Handler = registry, MaxRetries = 0 });

        await client.PingAsync("registry.example.test", CancellationToken.None);

        Assert.That(registry.Requests.Single(r => r.Uri.Host == "auth.example.test").Authorization, Does.StartWith("Basic "));
    }

    [Test]
    public async Task A_loopback_registry_may_name_a_plain_http_realm()
    {
        var registry = new ChallengingRegistry("http://127.0.0.1:1/token");
        using var client = new RegistryClient(Credentials("127.0.0.1:2"), new RegistryClientOptions { Handler = registry, MaxRetries = 0 });

        await client.PingAsync("127.0.0.1:2", CancellationToken.None);

        Assert.That(registry.Requests.Single(r => r.Uri.Port == 1).Authorization, Does.StartWith("Basic "));
    }
}
