using System.Net;
using static TaskRunner.Registry.Tests.Unit.Transport.FakeInnerHandler;

namespace TaskRunner.Registry.Tests.Unit.Transport;

/// <summary>The retry layer alone, over a fake network.</summary>
public class RetryHandlerTests
{
    private static RetryHandler Layer(FakeInnerHandler inner, int retries = 4) =>
        new(retries, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), inner);

    [Test]
    public async Task Server_errors_are_sent_again_with_the_same_body_until_one_succeeds()
    {
        var inner = new FakeInnerHandler((_, n) => n <= 2 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : Ok());
        using var layer = Layer(inner);

        using var response = await Send(layer, HttpMethod.Put, "http://127.0.0.1:5000/v2/app/manifests/x", content: new ByteArrayContent("manifest"u8.ToArray()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(inner.Requests.Select(r => r.Body), Is.EqualTo(new[] { "manifest", "manifest", "manifest" }));
    }

    [Test]
    public async Task A_dropped_connection_is_retried()
    {
        var inner = new FakeInnerHandler((_, n) => n == 1 ? throw Refused(HttpRequestError.ConnectionError, "Connection refused") : Ok());
        using var layer = Layer(inner);

        using var response = await Send(layer, HttpMethod.Get, "http://127.0.0.1:5000/v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(inner.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_registry_that_stays_away_is_given_up_after_the_bounded_retries()
    {
        var inner = new FakeInnerHandler((_, _) => throw Refused(HttpRequestError.ConnectionError, "Connection refused"));
        using var layer = Layer(inner, retries: 3);

        await Assert.ThrowsAsync<HttpRequestException>(() => Send(layer, HttpMethod.Get, "http://127.0.0.1:5000/v2/"));
        Assert.That(inner.Requests, Has.Count.EqualTo(4), "the first attempt and three retries");
    }

    [Test]
    public async Task A_refused_certificate_is_not_retried()
    {
        var inner = new FakeInnerHandler((_, _) => throw Refused(HttpRequestError.SecureConnectionError, "The remote certificate is invalid"));
        using var layer = Layer(inner);

        await Assert.ThrowsAsync<HttpRequestException>(() => Send(layer, HttpMethod.Get, "https://registry.example.test/v2/"));
        Assert.That(inner.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    public async Task Client_errors_are_answers_not_faults(HttpStatusCode status)
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(status));
        using var layer = Layer(inner);

        using var response = await Send(layer, HttpMethod.Get, "http://127.0.0.1:5000/v2/app/manifests/x");

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(inner.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Too_many_requests_is_retried_and_a_lasting_one_is_returned_as_the_answer()
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(HttpStatusCode.TooManyRequests));
        using var layer = Layer(inner, retries: 2);

        using var response = await Send(layer, HttpMethod.Get, "http://127.0.0.1:5000/v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(inner.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task No_retries_means_one_attempt()
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var layer = Layer(inner, retries: 0);

        using var response = await Send(layer, HttpMethod.Get, "http://127.0.0.1:5000/v2/");

        Assert.That(inner.Requests, Has.Count.EqualTo(1));
    }
}
