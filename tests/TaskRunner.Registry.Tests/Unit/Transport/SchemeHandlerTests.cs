using System.Net;
using static TaskRunner.Registry.Tests.Unit.Transport.FakeInnerHandler;

namespace TaskRunner.Registry.Tests.Unit.Transport;

/// <summary>The scheme layer alone, over a fake network.</summary>
public class SchemeHandlerTests
{
    [Test]
    public async Task A_loopback_registry_is_spoken_to_over_plain_http_and_other_hosts_keep_their_scheme()
    {
        var inner = new FakeInnerHandler((_, _) => Ok());
        using var layer = new SchemeHandler("127.0.0.1:5000", RegistryScheme.Http, inner);

        await Send(layer, HttpMethod.Get, "https://127.0.0.1:5000/v2/");
        await Send(layer, HttpMethod.Get, "https://auth.example.test/token");
        await Send(layer, HttpMethod.Get, "https://127.0.0.1:5001/v2/");

        Assert.That(inner.Requests.Select(r => r.Uri.AbsoluteUri), Is.EqualTo(new[]
        {
            "http://127.0.0.1:5000/v2/", "https://auth.example.test/token", "https://127.0.0.1:5001/v2/",
        }));
    }

    [Test]
    public async Task A_verified_registry_gets_https_even_where_it_names_itself_over_http()
    {
        var inner = new FakeInnerHandler((_, _) => Ok());
        using var layer = new SchemeHandler("registry.example.test", RegistryScheme.Https, inner);

        await Send(layer, HttpMethod.Put, "http://registry.example.test/v2/app/blobs/uploads/1?digest=sha256:00");

        Assert.That(inner.Requests.Single().Uri.AbsoluteUri, Is.EqualTo("https://registry.example.test/v2/app/blobs/uploads/1?digest=sha256:00"));
        Assert.That(layer.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public async Task An_insecure_registry_without_tls_falls_back_to_http_after_one_probe()
    {
        var inner = new FakeInnerHandler((request, _) => request.RequestUri!.Scheme == "https"
            ? throw Refused(HttpRequestError.SecureConnectionError, "The SSL connection could not be established")
            : Ok());
        using var layer = new SchemeHandler("registry.example.test:5000", RegistryScheme.InsecureHttpsThenHttp, inner);

        await Send(layer, HttpMethod.Get, "https://registry.example.test:5000/v2/app/manifests/1");
        await Send(layer, HttpMethod.Get, "https://registry.example.test:5000/v2/app/manifests/2");

        Assert.That(inner.Requests.Select(r => r.Uri.AbsoluteUri), Is.EqualTo(new[]
        {
            "https://registry.example.test:5000/v2/",
            "http://registry.example.test:5000/v2/app/manifests/1",
            "http://registry.example.test:5000/v2/app/manifests/2",
        }));
    }

    [Test]
    public async Task An_insecure_registry_that_answers_tls_stays_on_https()
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var layer = new SchemeHandler("registry.example.test:5000", RegistryScheme.InsecureHttpsThenHttp, inner);

        await Send(layer, HttpMethod.Get, "https://registry.example.test:5000/v2/app/manifests/1");

        Assert.That(inner.Requests.Select(r => r.Uri.Scheme), Is.EqualTo(new[] { "https", "https" }));
    }

    [Test]
    public async Task Nothing_on_443_means_http_on_the_default_ports_but_decides_nothing_on_an_explicit_port()
    {
        HttpResponseMessage NothingOnHttps(HttpRequestMessage request, int _) => request.RequestUri!.Scheme == "https"
            ? throw Refused(HttpRequestError.ConnectionError, "Connection refused")
            : Ok();
        var defaultPorts = new FakeInnerHandler(NothingOnHttps);
        using (var layer = new SchemeHandler("registry.example.test", RegistryScheme.InsecureHttpsThenHttp, defaultPorts))
            await Send(layer, HttpMethod.Get, "https://registry.example.test/v2/");
        Assert.That(defaultPorts.Requests.Last().Uri.AbsoluteUri, Is.EqualTo("http://registry.example.test/v2/"));

        var explicitPort = new FakeInnerHandler(NothingOnHttps);
        using var other = new SchemeHandler("registry.example.test:5000", RegistryScheme.InsecureHttpsThenHttp, explicitPort);
        await Assert.ThrowsAsync<HttpRequestException>(() => Send(other, HttpMethod.Get, "https://registry.example.test:5000/v2/"),
            "the request itself reports the registry as unreachable");
        Assert.That(other.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public async Task The_decision_belongs_to_one_layer_not_to_the_process()
    {
        var tlsRefused = true;
        var inner = new FakeInnerHandler((request, _) => request.RequestUri!.Scheme == "https" && tlsRefused
            ? throw Refused(HttpRequestError.SecureConnectionError, "no TLS")
            : Ok());
        using (var first = new SchemeHandler("registry.example.test:5000", RegistryScheme.InsecureHttpsThenHttp, inner))
            await Send(first, HttpMethod.Get, "https://registry.example.test:5000/v2/");

        // The registry now speaks TLS: a new client (a new layer) asks again instead of inheriting the old answer.
        tlsRefused = false;
        using var second = new SchemeHandler("registry.example.test:5000", RegistryScheme.InsecureHttpsThenHttp, inner);
        await Send(second, HttpMethod.Get, "https://registry.example.test:5000/v2/x");

        Assert.That(inner.Requests.Select(r => r.Uri.AbsoluteUri).TakeLast(2), Is.EqualTo(new[]
        {
            "https://registry.example.test:5000/v2/", "https://registry.example.test:5000/v2/x",
        }));
    }
}
