using System.Net;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Tests.Unit;

/// <summary>A registry that goes away after the headers of an answer, in the middle of its body.</summary>
public class AnswerCutShortTests
{
    /// <summary>Gives some bytes, then fails as a connection reset does.</summary>
    private sealed class CutStream() : MemoryStream("{\"schemaVersion\":"u8.ToArray())
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length ? base.Read(buffer, offset, count) : throw new IOException("Connection reset by peer");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("Connection reset by peer");
    }

    private sealed class CuttingRegistry : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream()), RequestMessage = request });
    }

    [Test]
    public async Task A_manifest_cut_short_is_a_registry_error_naming_the_registry()
    {
        using var client = new RegistryClient(new StaticCredentialStore(new Dictionary<string, RegistryCredential>()),
            new RegistryClientOptions { Handler = new CuttingRegistry(), MaxRetries = 0 });

        var error = (await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5999/app:1"), CancellationToken.None)))!;

        Assert.That(error.Message, Does.StartWith("the registry 127.0.0.1:5999 went away in the middle of its answer to GET /v2/app/manifests/1: ").And.EndWith("Connection reset by peer"));
    }
}
