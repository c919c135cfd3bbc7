namespace TaskRunner.Templating.Tests;

/// <summary>
/// env, expandenv and getHostByName (in acb's Sprig v2.22.0, reading the runner's environment and DNS) and acb's own
/// b64enc, which takes any value. Expected values were printed by acb on the same templates.
/// </summary>
public class AcbHostFunctionTests
{
    private const string Name = "TASKRUNNER_TEMPLATING_TEST_VAR";

    [SetUp]
    public void SetVariables()
    {
        Environment.SetEnvironmentVariable(Name, "hello");
        Environment.SetEnvironmentVariable(Name + "_B", "x y");
    }

    [TearDown]
    public void ClearVariables()
    {
        Environment.SetEnvironmentVariable(Name, null);
        Environment.SetEnvironmentVariable(Name + "_B", null);
    }

    [Test]
    public void EnvReadsTheProcessEnvironment() =>
        Assert.That(Render.Of($"[{{{{ env \"{Name}\" }}}}] [{{{{ env \"{Name}_UNSET\" }}}}] [{{{{ env \"\" }}}}]"), Is.EqualTo("[hello] [] []"));

    [TestCase("a$V-${V_B}-$-${}-${-$1-$$-${V-x}-$Vé-${?}x-$", "ahello-x y---helloé-x-$", TestName = "expandenv: names, braces, one-character special names, dropped bad syntax, a lone $ at the end")]
    [TestCase("${", "", TestName = "expandenv: an unclosed ${ is dropped")]
    [TestCase("${V", "V", TestName = "expandenv: only the ${ of an unclosed brace is dropped")]
    [TestCase("$é", "$é", TestName = "expandenv: a $ before a non-name character stays")]
    [TestCase("no dollar", "no dollar")]
    public void ExpandenvIsGosOsExpandEnv(string input, string expected) =>
        Assert.That(Render.Of("{{ expandenv .s }}", Render.Map(("s", input.Replace("V", Name)))), Is.EqualTo(expected.Replace("V", Name)));

    [Test]
    public void GetHostByNameResolvesAndAnIpAddressIsItself() =>
        Assert.That(Render.Of("{{ getHostByName \"localhost\" | regexMatch \"^(127\\\\.0\\\\.0\\\\.1|::1)$\" }} {{ getHostByName \"10.1.2.3\" }}"),
            Is.EqualTo("true 10.1.2.3"));

    [TestCase("no-such-host.invalid")]
    [TestCase("")]
    public void GetHostByNameOfAnUnknownNameIsSprigsPanic(string name)
    {
        var e = Render.Failure($"{{{{ getHostByName \"{name}\" }}}}");
        Assert.That(e.Code, Is.EqualTo("TPL005"));
        Assert.That(e.Message, Does.Contain("error calling getHostByName: invalid argument to Intn"));
    }

    [TestCase("{{ b64enc 8 }}", "PGludCBWYWx1ZT4=", TestName = "b64enc of an int encodes Go's <int Value>, as acb's own b64enc")]
    [TestCase("{{ b64enc .missing }}|{{ b64enc nil }}|{{ b64enc \"hi\" }}", "||aGk=")]
    [TestCase("{{ b64enc true | b64dec }}|{{ b64enc 1.5 | b64dec }}|{{ b64enc (list 1) | b64dec }}|{{ b64enc (dict \"a\" 1) | b64dec }}|{{ b64enc (until 2) | b64dec }}|{{ b64enc (splitList \",\" \"a\") | b64dec }}",
        "<bool Value>|<float64 Value>|<[]interface {} Value>|<map[string]interface {} Value>|<[]int Value>|<[]string Value>")]
    public void B64encTakesAnyValue(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));
}
