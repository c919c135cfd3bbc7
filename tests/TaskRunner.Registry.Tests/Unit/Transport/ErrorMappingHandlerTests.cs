using System.Net;
using static TaskRunner.Registry.Tests.Unit.Transport.FakeInnerHandler;

namespace TaskRunner.Registry.Tests.Unit.Transport;

/// <summary>The error layer alone: what a connection that failed becomes.</summary>
public class ErrorMappingHandlerTests
{
    [Test]
    public async Task A_refused_connection_names_the_registry_and_the_address_tried()
    {
        var inner = new FakeInnerHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:5999)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
        using var layer = new ErrorMappingHandler("127.0.0.1:5999", null, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, "http://127.0.0.1:5999/v2/app/manifests/1")))!;

        Assert.That(error.Message, Is.EqualTo("cannot reach the registry 127.0.0.1:5999 at http://127.0.0.1:5999/: Connection refused (127.0.0.1:5999)"),
            "the socket's own \"Connection refused\" adds nothing to the message that holds it");
        Assert.That(error.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task A_refused_tls_connection_says_tls()
    {
        var inner = new FakeInnerHandler((_, _) => throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid")));
        using var layer = new ErrorMappingHandler("registry.example.test:5443", null, inner);

        var error = (await Assert.ThrowsAsync<RegistryException>(() => Send(layer, HttpMethod.Get, "https://registry.example.test:5443/v2/")))!;

        Assert.That(error.Message, Is.EqualTo("cannot make a TLS connection to the registry registry.example.test:5443 at https://registry.example.test:5443/: The remote certificate is invalid"));
    }

    [Test]
    public async Task Answers_pass_through_whatever_their_status()
    {
        var inner = new FakeInnerHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var layer = new ErrorMappingHandler("127.0.0.1:5999", null, inner);

        using var response = await Send(layer, HttpMethod.Get, "http://127.0.0.1:5999/v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
