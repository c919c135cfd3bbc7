using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>--platform-engine PLATFORM=ENGINE: platforms normalised as docker normalises them, and every malformed value refused with its reason.</summary>
public class PlatformEngineOptionTests
{
    [TestCase("linux/arm64", "linux/arm64")]
    [TestCase("LINUX/ARM64", "linux/arm64")]
    [TestCase("linux/aarch64", "linux/arm64")]
    [TestCase("linux/arm64/v8", "linux/arm64")]
    [TestCase("arm64", "linux/arm64")]
    [TestCase("aarch64", "linux/arm64")]
    [TestCase("linux/x86_64", "linux/amd64")]
    [TestCase("linux/x86-64", "linux/amd64")]
    [TestCase("linux/amd64/v1", "linux/amd64")]
    [TestCase("linux/amd64/v3", "linux/amd64/v3")]
    [TestCase("linux/arm", "linux/arm/v7")]
    [TestCase("linux/armhf", "linux/arm/v7")]
    [TestCase("linux/armel", "linux/arm/v6")]
    [TestCase("linux/arm/6", "linux/arm/v6")]
    [TestCase("linux/i386", "linux/386")]
    [TestCase("windows/amd64", "windows/amd64")]
    public void Platforms_are_normalised_as_docker_normalises_them(string given, string normalised)
    {
        Assert.That(EnginePlatform.TryParse(given, out var platform, out var error), Is.True, error);
        Assert.That(platform!.ToString(), Is.EqualTo(normalised));
    }

    [Test]
    public void Spellings_of_one_platform_are_equal_and_other_variants_are_not()
    {
        Assert.That(EnginePlatform.TryParse("linux/aarch64"), Is.EqualTo(EnginePlatform.TryParse("arm64")));
        Assert.That(EnginePlatform.TryParse("linux/arm"), Is.EqualTo(EnginePlatform.TryParse("linux/arm/v7")));
        Assert.That(EnginePlatform.TryParse("linux/arm/v6"), Is.Not.EqualTo(EnginePlatform.TryParse("linux/arm/v7")));
        Assert.That(EnginePlatform.TryParse("linux/arm64"), Is.Not.EqualTo(EnginePlatform.TryParse("linux/amd64")));
    }

    [TestCase("linux/arm64=arm-box", "linux/arm64", "arm-box", false)]
    [TestCase("aarch64=tcp://10.0.0.5:2376", "linux/arm64", "tcp://10.0.0.5:2376", true)]
    [TestCase("linux/arm64=ssh://me@arm-box", "linux/arm64", "ssh://me@arm-box", true)]
    [TestCase("linux/arm64=unix:///run/arm.sock", "linux/arm64", "unix:///run/arm.sock", true)]
    [TestCase("linux/arm64=default", "linux/arm64", "default", false)]
    public void A_value_names_a_platform_and_a_context_or_an_address(string value, string platform, string engine, bool isAddress)
    {
        var option = PlatformEngineOption.Parse(value);

        Assert.That(option.Platform.ToString(), Is.EqualTo(platform));
        Assert.That(option.Engine, Is.EqualTo(engine));
        Assert.That(option.IsAddress, Is.EqualTo(isAddress));
    }

    [TestCase("linux/arm64", "needs PLATFORM=ENGINE (such as linux/arm64=my-arm-box), not 'linux/arm64'")]
    [TestCase("linux/arm64=", "no engine after '='")]
    [TestCase("=arm-box", "'' is not a platform: expected OS/ARCH[/VARIANT]")]
    [TestCase("linux//arm64=arm-box", "'linux//arm64' is not a platform: '' is not a valid part")]
    [TestCase("linux/arm64/v8/x=arm-box", "'linux/arm64/v8/x' is not a platform: expected OS/ARCH[/VARIANT]")]
    [TestCase("linux/arm 64=arm-box", "'arm 64' is not a valid part")]
    [TestCase("sparkle=arm-box", "'sparkle' is neither an operating system nor an architecture")]
    [TestCase("linux/arm64=arm box", "'arm box' is neither a docker context name nor an engine address")]
    public void A_malformed_value_is_refused_saying_why(string value, string message)
    {
        var e = Assert.Throws<FormatException>(() => PlatformEngineOption.Parse(value));

        Assert.That(e!.Message, Does.StartWith("--platform-engine "));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void One_platform_given_twice_is_refused_even_when_spelled_differently()
    {
        var e = Assert.Throws<FormatException>(() => PlatformEngineOption.ParseAll(["linux/arm64=a", "aarch64=b"]));

        Assert.That(e!.Message, Is.EqualTo("--platform-engine gives linux/arm64 twice (a and b); one engine per platform"));
    }

    [Test]
    public void Two_platforms_may_share_an_engine()
    {
        var options = PlatformEngineOption.ParseAll(["linux/arm64=arm-box", "linux/arm/v7=arm-box"]);

        Assert.That(options.Select(o => o.ToString()), Is.EqualTo(new[] { "linux/arm64=arm-box", "linux/arm/v7=arm-box" }));
    }
}
