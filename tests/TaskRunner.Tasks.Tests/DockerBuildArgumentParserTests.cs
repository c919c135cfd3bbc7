using TaskRunner.Tasks.Model;
using NUnit.Framework;

namespace TaskRunner.Tasks.Tests;

[TestFixture]
public sealed class DockerBuildArgumentParserTests
{
    [Test]
    public void Reads_every_supported_flag()
    {
        var args = DockerBuildArgumentParser.Parse(
            "-t reg/app:1 --tag=reg/app:latest -f docker/Dockerfile.prod --build-arg VERSION=1.2 --build-arg FROM_ENV " +
            "--target final --platform linux/arm64 --label org.opencontainers.image.source=x --label plain --no-cache --pull " +
            "--network host --isolation default src");
        Assert.That(args.Context, Is.EqualTo("src"));
        Assert.That(args.Tags, Is.EqualTo(new[] { "reg/app:1", "reg/app:latest" }));
        Assert.That(args.File, Is.EqualTo("docker/Dockerfile.prod"));
        Assert.That(args.BuildArgs, Is.EqualTo(new[] { new KeyValuePair<string, string?>("VERSION", "1.2"), new KeyValuePair<string, string?>("FROM_ENV", null) }));
        Assert.That(args.Target, Is.EqualTo("final"));
        Assert.That(args.Platform, Is.EqualTo("linux/arm64"));
        Assert.That(args.Labels, Is.EqualTo(new[] { new KeyValuePair<string, string>("org.opencontainers.image.source", "x"), new KeyValuePair<string, string>("plain", "") }));
        Assert.That(args.NoCache, Is.True);
        Assert.That(args.Pull, Is.True);
        Assert.That(args.Network, Is.EqualTo("host"));
        Assert.That(args.Isolation, Is.EqualTo("default"));
    }

    [Test]
    public void Accepts_a_leading_docker_build_and_quoted_values()
    {
        var args = DockerBuildArgumentParser.Parse("docker build -t app --build-arg \"MSG=hello world\" .");
        Assert.That(args.Context, Is.EqualTo("."));
        Assert.That(args.BuildArgs.Single().Value, Is.EqualTo("hello world"));
        Assert.That(args.NoCache, Is.False);
    }

    [Test]
    public void Short_flags_may_carry_their_value()
    {
        var args = DockerBuildArgumentParser.Parse("-tapp:1 -fDockerfile.x --no-cache=false .");
        Assert.That(args.Tags, Is.EqualTo(new[] { "app:1" }));
        Assert.That(args.File, Is.EqualTo("Dockerfile.x"));
        Assert.That(args.NoCache, Is.False);
    }

    [Test]
    public void Git_url_contexts_are_kept_whole() =>
        Assert.That(DockerBuildArgumentParser.Parse("-t a https://github.com/Azure/acr-builder.git#main:docs").Context,
            Is.EqualTo("https://github.com/Azure/acr-builder.git#main:docs"));

    [Test]
    public void Reads_cache_from_add_host_and_shm_size()
    {
        var args = DockerBuildArgumentParser.Parse("--cache-from a:1 --cache-from=b:2 --add-host db:10.0.0.5 --shm-size 1.5g .");
        Assert.That(args.CacheFrom, Is.EqualTo(new[] { "a:1", "b:2" }));
        Assert.That(args.ExtraHosts, Is.EqualTo(new[] { "db:10.0.0.5" }));
        Assert.That(args.ShmSize, Is.EqualTo(1536L * 1024 * 1024));
    }

    [Test]
    public void A_buildkit_build_reads_past_buildx_flags_that_docker_build_lacks()
    {
        const string text = "--secret id=s,src=f --ssh default --cache-to type=inline --load -t a:1 -f d/Dockerfile ctx";
        var args = DockerBuildArgumentParser.Parse(text, buildKit: true);
        Assert.That((args.Context, args.File, args.Tags.Single()), Is.EqualTo(("ctx", "d/Dockerfile", "a:1")));
        Assert.That(() => DockerBuildArgumentParser.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("unsupported flag --secret"));
    }

    [TestCase("64", 64L)]
    [TestCase("64k", 64L * 1024)]
    [TestCase("64mb", 64L * 1024 * 1024)]
    [TestCase("2GiB", 2L * 1024 * 1024 * 1024)]
    public void Shm_size_reads_dockers_units(string text, long bytes) =>
        Assert.That(DockerBuildArgumentParser.Parse($"--shm-size {text} .").ShmSize, Is.EqualTo(bytes));

    [TestCase("--shm-size lots .", "is not a size")]
    [TestCase("--add-host nohost .", "is not host:ip")]
    [TestCase("-t app", "no build context")]
    [TestCase("-t app . other", "more than one context")]
    [TestCase("--squash .", "unsupported flag --squash")]
    [TestCase("-t", "needs a value")]
    [TestCase("--build-arg =x .", "has no name")]
    [TestCase("-t app -", "standard input")]
    public void Rejects_what_docker_would_not_build(string text, string message) =>
        Assert.That(() => DockerBuildArgumentParser.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(message));
}
