using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Tests.Unit;

public class ImageReferenceTests
{
    [TestCase("busybox", "docker.io/library/busybox:latest")]
    [TestCase("library/busybox:1.36", "docker.io/library/busybox:1.36")]
    [TestCase("docker.io/busybox", "docker.io/library/busybox:latest")]
    [TestCase("index.docker.io/user/app:v1", "docker.io/user/app:v1")]
    [TestCase("user/app", "docker.io/user/app:latest")]
    [TestCase("127.0.0.1:5000/a/b:c", "127.0.0.1:5000/a/b:c")]
    [TestCase("localhost/app", "localhost/app:latest")]
    [TestCase("localhost:5000/app", "localhost:5000/app:latest")]
    [TestCase("myregistry.azurecr.io/multi-arch-samples/myimage:cf1-arm64", "myregistry.azurecr.io/multi-arch-samples/myimage:cf1-arm64")]
    [TestCase("reg.io/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "reg.io/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [TestCase("reg.io/a_b/c__d/e--f.g:T_1.x-y", "reg.io/a_b/c__d/e--f.g:T_1.x-y")]
    [TestCase("[::1]:5000/app", "[::1]:5000/app:latest")]
    public void Normalises_like_docker(string input, string expected) =>
        Assert.That(ImageReference.Parse(input).ToString(), Is.EqualTo(expected));

    [TestCase("", "empty")]
    [TestCase("reg.io/UPPER", "lowercase")]
    [TestCase("reg.io/app:bad tag", "tag")]
    [TestCase("reg.io/app@sha256:short", "digest")]
    [TestCase("reg.io/-app", "path component")]
    [TestCase("reg.io/", "no repository")]
    [TestCase("a//b", "path component")]
    public void Invalid_names_have_clear_errors(string input, string expected)
    {
        Assert.That(ImageReference.TryParse(input, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("invalid reference format").And.Contain(expected));
    }

    [Test]
    public void Docker_hub_uses_its_api_host()
    {
        Assert.That(ImageReference.Parse("busybox").ApiHost, Is.EqualTo("registry-1.docker.io"));
        Assert.That(ImageReference.Parse("127.0.0.1:5000/x").ApiHost, Is.EqualTo("127.0.0.1:5000"));
    }

    [TestCase("app:amd64", "amd64")]
    [TestCase("127.0.0.1:5000/app", "")]
    [TestCase("127.0.0.1:5000/app:v1-arm64", "v1-arm64")]
    [TestCase("app", "")]
    public void TagOf_takes_the_tag_as_written_and_not_the_port(string text, string tag) =>
        Assert.That(ImageReference.TagOf(text), Is.EqualTo(tag));

    [TestCase(" busybox ", "busybox:latest")]
    [TestCase("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest")]
    [TestCase("127.0.0.1:5000/app:v1", "127.0.0.1:5000/app:v1")]
    [TestCase("app@sha256:abc", "app@sha256:abc")]
    [TestCase("Not/Valid", "Not/Valid:latest")]
    public void WithDefaultTag_adds_latest_by_dockers_rule_without_validating(string text, string expected) =>
        Assert.That(ImageReference.WithDefaultTag(text), Is.EqualTo(expected));

    [TestCase("localhost", true)]
    [TestCase("localhost:5000", true)]
    [TestCase("127.0.0.1:5000", true)]
    [TestCase("127.9.9.9", true)]
    [TestCase("[::1]:5000", true)]
    [TestCase("myregistry.azurecr.io", false)]
    [TestCase("10.0.0.1:5000", false)]
    public void Plain_http_for_loopback_and_https_then_http_for_insecure_hosts(string host, bool loopback)
    {
        Assert.That(RegistryEndpoints.Scheme(host, new RegistryClientOptions()), Is.EqualTo(loopback ? RegistryScheme.Http : RegistryScheme.Https));
        Assert.That(RegistryEndpoints.Scheme(host, new RegistryClientOptions { InsecureRegistries = [host] }),
            Is.EqualTo(loopback ? RegistryScheme.Http : RegistryScheme.InsecureHttpsThenHttp));
        Assert.That(RegistryEndpoints.Scheme(host, new RegistryClientOptions { AllowInsecure = true }),
            Is.EqualTo(loopback ? RegistryScheme.Http : RegistryScheme.InsecureHttpsThenHttp));
    }
}
