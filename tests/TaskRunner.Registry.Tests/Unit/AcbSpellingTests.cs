using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Tests.Unit;

/// <summary>acb's spelling of references in its dependency report, which is not docker's.</summary>
public class AcbSpellingTests
{
    [TestCase("node:20", "sha256:n")]
    [TestCase("library/node", "sha256:n")]
    [TestCase("myorg/app:1", "sha256:m")]
    [TestCase("localhost:5000/x:1", "sha256:l")]
    [TestCase("mirror.example.com/node:20", "sha256:e")]
    [TestCase("docker.io/library/node:20", "")]
    public void The_repo_digest_is_the_one_named_like_the_reference(string reference, string digest)
    {
        string[] repoDigests = ["mirror.example.com/node@sha256:e", "node@sha256:n", "myorg/app@sha256:m", "localhost:5000/x@sha256:l"];
        Assert.That(AcbSpelling.RepoDigest(AcbSpelling.NormaliseTag(reference), repoDigests), Is.EqualTo(digest));
    }

    [TestCase("localhost:5000/app", "registry.hub.docker.com", "localhost:5000/app", "")]
    [TestCase("127.0.0.1:5000/app", "127.0.0.1:5000", "app", "")]
    [TestCase("busybox", "registry.hub.docker.com", "library/busybox", "latest")]
    [TestCase("myregistry.azurecr.io/a/b:1", "myregistry.azurecr.io", "a/b", "1")]
    public void Only_a_domain_with_a_dot_is_a_registry_and_a_port_means_no_latest(string reference, string registry, string repository, string tag) =>
        Assert.That(AcbSpelling.Fields(AcbSpelling.NormaliseTag(reference)), Is.EqualTo((registry, repository, tag, "")));
}
