using NUnit.Framework;
using TaskRunner.Execution.Adapters.Docker;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class EngineQueryParametersTests
{
    private sealed class Recording : HttpMessageHandler
    {
        public HttpRequestMessage? Seen { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    private static async Task<HttpRequestMessage> SendThroughAsync(string uri, IDictionary<string, string> headers)
    {
        var inner = new Recording();
        using var client = new HttpClient(EngineQueryParameters.Instance.ConfigureHandler(inner));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var _ = await client.SendAsync(request);
        return inner.Seen!;
    }

    [Test]
    public async Task The_build_isolation_reaches_the_engine_as_a_query_parameter_and_the_header_is_dropped()
    {
        var seen = await SendThroughAsync("http://localhost/v1.41/build?t=app&rm=1", EngineQueryParameters.Headers(("isolation", "hyperv")));

        Assert.That(seen.RequestUri!.AbsoluteUri, Is.EqualTo("http://localhost/v1.41/build?t=app&rm=1&isolation=hyperv"));
        Assert.That(seen.Headers.Select(h => h.Key), Has.None.StartsWith("X-TaskRunner"));
    }

    [Test]
    public async Task A_request_without_a_query_gets_one_and_values_are_escaped()
    {
        var seen = await SendThroughAsync("http://localhost/v1.41/build", EngineQueryParameters.Headers(("isolation", "a b&c=d")));

        Assert.That(seen.RequestUri!.AbsoluteUri, Is.EqualTo("http://localhost/v1.41/build?isolation=a%20b%26c%3Dd"));
    }

    [Test]
    public async Task Nothing_is_added_when_no_value_is_given()
    {
        Assert.That(EngineQueryParameters.Headers(("isolation", null), ("other", "")), Is.Empty);

        var seen = await SendThroughAsync("http://localhost/v1.41/build?t=app", new Dictionary<string, string> { ["X-Registry-Config"] = "e30=" });

        Assert.That(seen.RequestUri!.AbsoluteUri, Is.EqualTo("http://localhost/v1.41/build?t=app"));
        Assert.That(seen.Headers.Contains("X-Registry-Config"), Is.True, "other headers are left alone");
    }
}
