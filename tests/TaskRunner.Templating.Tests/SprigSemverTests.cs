namespace TaskRunner.Templating.Tests;

/// <summary>semver and semverCompare with Masterminds/semver v1.5.0's rules (ACR's Sprig v2.22.0), which differ from semver v3's.</summary>
public class SprigSemverTests
{
    [TestCase("{{ $v := semver \"1.2.3-alpha.1+build\" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v }}", "1 2 3 alpha.1 build 1.2.3-alpha.1+build")]
    [TestCase("{{ semver \"v1.2\" }} {{ (semver \"v1.2\").Original }} {{ (semver \"3\").String }}", "1.2.0 v1.2 3.0.0")]
    [TestCase("{{ typeOf (semver \"1.0.0\") }} {{ kindOf (semver \"1.0.0\") }} {{ typeIsLike \"semver.Version\" (semver \"1.0.0\") }} {{ semver \"1.0.0\" | toJson }}", "*semver.Version ptr true \"1.0.0\"")]
    public void Versions(string template, string expected) => Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase(">= 1.2.3", "1.2.3", true)]
    [TestCase("^1.2.0", "1.9.9", true)]
    [TestCase("^1.2.0", "2.0.0", false)]
    [TestCase("^0.2.3", "0.9.0", true, TestName = "v1's caret keeps only the major version, also below 1.0.0 (v3: false)")]
    [TestCase("~1.2.3", "1.2.9", true)]
    [TestCase("~1.2.3", "1.3.0", false)]
    [TestCase("~1", "1.9.0", true)]
    [TestCase("1.2.x", "1.2.7", true)]
    [TestCase("1.2.x", "1.3.0", false)]
    [TestCase("*", "5.0.0", true)]
    [TestCase("~*", "5.0.0", true)]
    [TestCase("=1.2", "1.2.0", true)]
    [TestCase("=1.2", "1.2.5", false, TestName = "a missing patch is 0, not a wildcard, in v1")]
    [TestCase("!=1.2.3", "1.2.3", false)]
    [TestCase("!=1.2.x", "1.2.5", false)]
    [TestCase("!=1.2.x", "1.3.0", true)]
    [TestCase(">1.0.0-alpha", "1.0.0-beta", true)]
    [TestCase(">=1.0.0", "1.1.0-beta", false, TestName = "a pre-release only satisfies constraints with a pre-release")]
    [TestCase("1.1 - 1.3", "1.2.5", true)]
    [TestCase("1.1 - 1.3", "1.3.1", false, TestName = "the upper end of a range is <= 1.3.0 in v1")]
    [TestCase(">= 1.2, < 2.0", "1.5.0", true)]
    [TestCase("<1.0 || >=2.0", "1.5.0", false)]
    [TestCase("<1.0 || >=2.0", "2.1.0", true)]
    [TestCase(">1.0.0-alpha.1", "1.0.0-alpha.beta", true, TestName = "numeric pre-release parts rank below words")]
    [TestCase(">1.0.0-alpha", "1.0.0-alpha.1", true)]
    [TestCase(">1.0.0-alpha", "1.0.0-alpha.beta", false, TestName = "v1's ordering: a missing pre-release part ranks above a word")]
    [TestCase(">1.0.0-alpha.10", "1.0.0-alpha.9", false)]
    public void Compare(string constraint, string version, bool expected) =>
        Assert.That(Render.Of($"{{{{ semverCompare \"{constraint}\" \"{version}\" }}}}"), Is.EqualTo(expected ? "true" : "false"));

    [TestCase("{{ semver \"foo\" }}", "error calling semver: Invalid Semantic Version")]
    [TestCase("{{ semver \"1.2.3\\n\" }}", "error calling semver: Invalid Semantic Version")]
    [TestCase("{{ semver \"99999999999999999999.0.0\" }}", "error calling semver: Error parsing version segment: strconv.ParseInt: parsing \"99999999999999999999\": value out of range")]
    [TestCase("{{ semverCompare \"foo\" \"1.0.0\" }}", "error calling semverCompare: improper constraint: foo")]
    [TestCase("{{ semverCompare \">1, bar\" \"1.0.0\" }}", "error calling semverCompare: improper constraint:  bar")]
    [TestCase("{{ semverCompare \">1\" \"x\" }}", "error calling semverCompare: Invalid Semantic Version")]
    public void Errors(string template, string message)
    {
        var failure = Render.Failure(template);
        Assert.That(failure.Code, Is.EqualTo("TPL005"));
        Assert.That(failure.Message, Does.Contain(message));
    }
}
