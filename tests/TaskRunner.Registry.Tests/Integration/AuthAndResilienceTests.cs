using System.Text.Json;
using System.Diagnostics;
using System.Net;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;
using TaskRunner.Registry.Tests.Infrastructure;

namespace TaskRunner.Registry.Tests.Integration;

/// <summary>Basic and token auth against real registry processes; retries against faults in front of the real registry.</summary>
[Category("Integration")]
[NonParallelizable]
public class AuthAndResilienceTests
{
    private SourceImages _images = null!;
    private string _source => _images.Repository;

    [OneTimeSetUp]
    public void PushSourceImages() => _images = SourceImages.Push("auth-src");

    [OneTimeTearDown]
    public ValueTask DeleteSourceImages() => _images.DisposeAsync();

    private static StaticCredentialStore Credentials(string host, RegistryCredential? credential) => SourceImages.Credentials(host, credential);

    private Task CopyImagesAsync(RegistryClient client, string targetRepository) => _images.CopyToAsync(client, targetRepository);

    private static Task<(int, string, string)> Manifest(DockerManifestCommand command, params string[] args) => SourceImages.Manifest(command, args);

    [Test]
    public async Task Basic_auth_registry_with_credentials_and_with_bad_ones()
    {
        using var registry = LocalRegistry.StartWithBasicAuth("alice", "s3cret-pw");
        var repo = $"{registry.Host}/team/app";
        var good = Credentials(registry.Host, new RegistryCredential("alice", "s3cret-pw", null));
        using (var client = new RegistryClient(good)) await CopyImagesAsync(client, repo);

        var command = new DockerManifestCommand(new InMemoryManifestListStore(), good);
        Assert.That((await Manifest(command, "create", repo + ":multi", repo + ":amd64", repo + ":arm64")).Item1, Is.EqualTo(0));
        var pushed = await Manifest(command, "push", repo + ":multi");
        Assert.That(pushed.Item1, Is.EqualTo(0), pushed.Item3);

        var bad = new DockerManifestCommand(new InMemoryManifestListStore(), Credentials(registry.Host, new RegistryCredential("alice", "wrong-pw", null)));
        var refused = await Manifest(bad, "inspect", repo + ":multi");
        Assert.That(refused.Item1, Is.EqualTo(1));
        Assert.That(refused.Item3, Does.Contain("refused access with the credentials given").And.Not.Contain("wrong-pw"));
        var anonymous = await Manifest(new DockerManifestCommand(new InMemoryManifestListStore(), Credentials(registry.Host, null)), "inspect", repo + ":multi");
        Assert.That(anonymous.Item3, Does.Contain("refused access without credentials"));
    }

    [Test]
    public async Task Token_auth_with_password_and_with_an_identity_token()
    {
        using var tokens = new TokenServer("bob", "pw-for-token", "refresh-123");
        using var registry = LocalRegistry.Start(tokens.AuthYaml);
        var repo = $"{registry.Host}/team/tokened";
        using (var client = new RegistryClient(Credentials(registry.Host, new RegistryCredential("bob", "pw-for-token", null))))
        {
            await CopyImagesAsync(client, repo);
            var command = new DockerManifestCommand(new InMemoryManifestListStore(), Credentials(registry.Host, new RegistryCredential("bob", "pw-for-token", null)));
            Assert.That((await Manifest(command, "create", repo + ":multi", repo + ":amd64", repo + ":arm64")).Item1, Is.EqualTo(0));
            var pushed = await Manifest(command, "push", repo + ":multi");
            Assert.That(pushed.Item1, Is.EqualTo(0), pushed.Item3);
        }
        var issued = tokens.TokensIssued;
        Assert.That(issued, Is.GreaterThan(0));

        using var refresh = new RegistryClient(Credentials(registry.Host, new RegistryCredential(null, null, "refresh-123")));
        var list = await refresh.GetManifestAsync(ImageReference.Parse(repo + ":multi"), default);
        Assert.That(list.MediaType, Is.EqualTo(MediaTypes.DockerManifestList));
        await refresh.GetManifestAsync(ImageReference.Parse(repo + ":amd64"), default);
        Assert.That(tokens.TokensIssued, Is.EqualTo(issued + 1), "the token for the pull scope is cached");

        // A token is used until shortly before it expires, then fetched again.
        tokens.ExpiresIn = 2;
        using (var shortLived = new RegistryClient(Credentials(registry.Host, new RegistryCredential("bob", "pw-for-token", null))))
        {
            var before = tokens.TokensIssued;
            await shortLived.GetManifestAsync(ImageReference.Parse(repo + ":amd64"), default);
            await shortLived.GetManifestAsync(ImageReference.Parse(repo + ":amd64"), default);
            Assert.That(tokens.TokensIssued, Is.EqualTo(before + 1), "reused while valid");
            await Task.Delay(1500);
            await shortLived.GetManifestAsync(ImageReference.Parse(repo + ":amd64"), default);
            Assert.That(tokens.TokensIssued, Is.EqualTo(before + 2), "fetched again once expired");
        }
        tokens.ExpiresIn = 300;

        using var wrong = new RegistryClient(Credentials(registry.Host, new RegistryCredential("bob", "nope", null)));
        var error = (await Assert.ThrowsAsync<RegistryException>(() => wrong.GetManifestAsync(ImageReference.Parse(repo + ":multi"), default)))!;
        Assert.That(error.Message, Does.Contain("refused a token").And.Not.Contain("nope"));
    }

    [Test]
    public async Task A_500_then_200_is_retried()
    {
        using var handler = new FaultInjectingHandler((request, n) =>
            n <= 2 ? new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"boom\"}]}") } : null);
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var manifest = await client.GetManifestAsync(ImageReference.Parse(_source + ":amd64"), default);
        Assert.That(manifest.MediaType, Is.EqualTo(MediaTypes.DockerManifest));
        Assert.That(handler.Requests, Is.EqualTo(3));
    }

    [Test]
    public async Task A_dropped_connection_is_retried()
    {
        using var handler = new FaultInjectingHandler((_, n) => n == 1 ? throw new HttpRequestException("connection reset by peer") : null);
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var manifest = await client.GetManifestAsync(ImageReference.Parse(_source + ":amd64"), default);
        Assert.That(manifest.MediaType, Is.EqualTo(MediaTypes.DockerManifest));
        Assert.That(handler.Requests, Is.EqualTo(2));
    }

    [Test]
    public async Task Manifests_that_do_not_match_their_digest_or_are_too_large_are_refused()
    {
        using var real = new RegistryClient(Credentials(TestImages.Registry, null));
        var genuine = await real.GetManifestAsync(ImageReference.Parse(_source + ":amd64"), default);
        HttpResponseMessage Served(byte[] body, string? announced)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypes.DockerManifest);
            if (announced is not null) response.Headers.Add("Docker-Content-Digest", announced);
            return response;
        }
        var tampered = genuine.Body.Concat(" "u8.ToArray()).ToArray();
        async Task<string> ErrorOf(Func<HttpResponseMessage> serve, string reference)
        {
            using var handler = new FaultInjectingHandler((request, _) => request.RequestUri!.AbsolutePath.Contains("/manifests/") ? serve() : null);
            using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, MaxRetries = 0 });
            return (await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse(reference), default)))!.Message;
        }

        Assert.That(await ErrorOf(() => Served(tampered, null), $"{_source}@{genuine.Digest}"), Does.Contain("not the one asked for"));
        Assert.That(await ErrorOf(() => Served(tampered, genuine.Digest), _source + ":amd64"), Does.Contain("does not match the digest the registry announced"));
        Assert.That(await ErrorOf(() => Served(new byte[5 * 1024 * 1024], null), _source + ":amd64"), Does.Contain("larger than 4 MiB"));
    }

    [Test]
    public async Task Blobs_are_mounted_across_repositories_and_copied_when_the_registry_does_not_mount()
    {
        using var real = new RegistryClient(Credentials(TestImages.Registry, null));
        var source = ImageReference.Parse(_source + ":amd64");
        var manifest = await real.GetManifestAsync(source, default);
        var config = JsonDocument.Parse(manifest.Body).RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        ImageReference Target() => ImageReference.Parse($"{TestImages.Registry}/{TestImages.UniqueRepository("mount")}:x");

        var mounted = Target();
        Assert.That(await real.MountOrCopyBlobAsync(mounted, source, config, default), Is.EqualTo("mounted"));
        Assert.That(await real.MountOrCopyBlobAsync(mounted, source, config, default), Is.EqualTo("exists"));

        // A registry that refuses the mount: the blob is read from the source and uploaded.
        using (var refusing = new FaultInjectingHandler((request, _) =>
                   request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("mount=") ? new HttpResponseMessage(HttpStatusCode.NotFound) : null))
        using (var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = refusing }))
        {
            var copied = Target();
            Assert.That(await client.MountOrCopyBlobAsync(copied, source, config, default), Is.EqualTo("copied"));
            Assert.That(await real.MountOrCopyBlobAsync(copied, source, config, default), Is.EqualTo("exists"));
        }

        // A registry that answers 202 (an upload opened instead of a mount): the upload is finished with the bytes.
        var opened = Target();
        using var http = new HttpClient();
        using var start = await http.PostAsync($"http://{TestImages.Registry}/v2/{opened.Repository}/blobs/uploads/", null);
        var location = start.Headers.Location!;
        using (var accepting = new FaultInjectingHandler((request, _) =>
        {
            if (request.Method != HttpMethod.Post || !request.RequestUri!.Query.Contains("mount=")) return null;
            var response = new HttpResponseMessage(HttpStatusCode.Accepted);
            response.Headers.Location = location;
            return response;
        }))
        using (var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = accepting }))
            Assert.That(await client.MountOrCopyBlobAsync(opened, source, config, default), Is.EqualTo("copied"));
        Assert.That(await real.MountOrCopyBlobAsync(opened, source, config, default), Is.EqualTo("exists"));
    }

    [Test]
    public async Task A_429_waits_for_retry_after()
    {
        using var handler = new FaultInjectingHandler((request, n) =>
        {
            if (n > 1) return null;
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return response;
        });
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var watch = Stopwatch.StartNew();
        await client.GetManifestAsync(ImageReference.Parse(_source + ":arm64"), default);
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)));
        Assert.That(handler.Requests, Is.EqualTo(2));
    }

    [Test]
    public async Task Client_errors_are_not_retried_and_carry_the_registry_message()
    {
        using var handler = new FaultInjectingHandler((_, _) => null);
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler });
        var error = (await Assert.ThrowsAsync<RegistryException>(() => client.PutManifestAsync(ImageReference.Parse(_source + ":bad"), MediaTypes.DockerManifest, "{}"u8.ToArray(), default)))!;
        Assert.That(handler.Requests, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("400").And.Contain("manifest invalid"));
    }

    [Test]
    public async Task A_blob_upload_that_landed_but_lost_its_answer_is_not_reported_as_failed()
    {
        var repository = TestImages.UniqueRepository("lost-answer");
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        using var handler = new AnswerLosingHandler();
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, RetryDelay = TimeSpan.FromMilliseconds(1) });
        try
        {
            var target = ImageReference.Parse($"{TestImages.Registry}/{repository}:x");
            await client.UploadBlobAsync(target, digest, content, default);
            Assert.That(handler.CompletingPuts, Is.EqualTo(2), "the first PUT landed, its answer was dropped, and the retry layer sent it again");
            Assert.That(await client.BlobExistsAsync(target, digest, default), Is.True);
        }
        finally
        {
            await RegistryCleanup.DeleteRepositoryAsync(repository);
        }
    }

    /// <summary>Lets the first upload-completing PUT reach the real registry, then drops its answer.</summary>
    private sealed class AnswerLosingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _puts;
        public int CompletingPuts => _puts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Put && request.RequestUri!.Query.Contains("digest=") && Interlocked.Increment(ref _puts) == 1)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the first PUT landed");
                response.Dispose();
                throw new HttpRequestException("connection reset by peer");
            }
            return response;
        }
    }

    [Test]
    public async Task Persistent_5xx_gives_up_with_the_status()
    {
        using var handler = new FaultInjectingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var error = (await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse(_source + ":amd64"), default)))!;
        Assert.That(handler.Requests, Is.EqualTo(3));
        Assert.That(error.Message, Does.Contain("503"));
    }

    [Test]
    public async Task No_retries_when_max_retries_is_zero()
    {
        using var handler = new FaultInjectingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = new RegistryClient(Credentials(TestImages.Registry, null), new RegistryClientOptions { Handler = handler, MaxRetries = 0 });
        var error = (await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse(_source + ":amd64"), default)))!;
        Assert.That(handler.Requests, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("503"));
    }

    [Test]
    public async Task Ping_checks_the_api_version_with_the_credentials_given()
    {
        using var registry = LocalRegistry.StartWithBasicAuth("alice", "s3cret-pw");
        using var good = new RegistryClient(Credentials(registry.Host, new RegistryCredential("alice", "s3cret-pw", null)));
        using var bad = new RegistryClient(Credentials(registry.Host, new RegistryCredential("alice", "wrong", null)));

        Assert.That(await good.PingAsync(registry.Host, default), Is.True);
        var error = (await Assert.ThrowsAsync<RegistryException>(() => bad.PingAsync(registry.Host, default)))!;
        Assert.That(error.Message, Does.Contain("401").Or.Contain("unauthorized").IgnoreCase);
        Assert.That(error.Message, Does.Not.Contain("wrong"), "the password never shows");
    }
}
