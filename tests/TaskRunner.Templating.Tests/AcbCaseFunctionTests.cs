namespace TaskRunner.Templating.Tests;

/// <summary>
/// Sprig's case functions as acb runs them (huandu/xstrings v1.3.2 and goutils v1.1.1, vendored in acb). Every
/// expected value here was printed by acb (exec --dry-run --debug) on the same template.
/// </summary>
public class AcbCaseFunctionTests
{
    [TestCase("a=b", "a_=_b", TestName = "snakecase: a symbol is a word of its own")]
    [TestCase("a+b", "a_+_b")]
    [TestCase("ABCd", "ab_cd", TestName = "snakecase: the last capital of a run starts the next word")]
    [TestCase("ABc", "a_bc")]
    [TestCase("A B", "a_b", TestName = "snakecase: a space is a connector")]
    [TestCase("HelloWorld x", "hello_world_x")]
    [TestCase("a.b", "a.b", TestName = "snakecase: punctuation takes no connector")]
    [TestCase("A.B", "a.b")]
    [TestCase("a, b", "a,_b")]
    [TestCase("(a)", "(a)")]
    [TestCase("1.5", "1.5")]
    [TestCase("a  b", "a__b", TestName = "snakecase: every connector of a run becomes one")]
    [TestCase(" a b ", "_a_b_")]
    [TestCase("1 a", "1__a", TestName = "snakecase: a connector after a number is doubled")]
    [TestCase("__init__", "__init__")]
    [TestCase("ABC_def", "abc_def")]
    [TestCase("ABC123def", "abc_123def", TestName = "snakecase: a number followed by letters starts a word")]
    [TestCase("abc123DEF", "abc123_def", TestName = "snakecase: a number followed by capitals stays with the word before")]
    [TestCase("12ab34CD", "12ab34_cd")]
    [TestCase("A1B2", "a1_b2")]
    [TestCase("MyHTTPServer2Go", "my_http_server2_go")]
    [TestCase("ÉCOLE été", "école_été", TestName = "snakecase: Unicode capitals")]
    [TestCase("Straße", "straße")]
    [TestCase("a½b", "a_½b", TestName = "snakecase: any Unicode number is a number")]
    [TestCase("x²y", "x_²y")]
    [TestCase("Ⅳ roman", "Ⅳ__roman")]
    [TestCase("İstanbul", "istanbul", TestName = "snakecase: Go lower-cases İ to i")]
    [TestCase("", "")]
    public void Snakecase(string input, string expected) =>
        Assert.That(Render.Of("{{ snakecase .s }}", Render.Map(("s", input))), Is.EqualTo(expected));

    [TestCase("a=b", "a-=-b")]
    [TestCase("ABCd", "ab-cd")]
    [TestCase("x -_ y", "x----y")]
    [TestCase("v1.2.3", "v1.2.3")]
    [TestCase("--x--", "--x--")]
    [TestCase("ΑΒΓδ", "αβ-γδ")]
    [TestCase("helloWorld日本", "hello-world-日本", TestName = "kebabcase: CJK ideographs are not letters to xstrings")]
    [TestCase("日本Go語", "日本-go-語")]
    [TestCase("IPv6Address", "i-pv6-address")]
    [TestCase("HTTP20xOK", "http-20x-ok")]
    [TestCase("Bld4Floor3rd", "bld4-floor-3rd")]
    public void Kebabcase(string input, string expected) =>
        Assert.That(Render.Of("{{ kebabcase .s }}", Render.Map(("s", input))), Is.EqualTo(expected));

    [TestCase("x y", "XY", TestName = "camelcase: a space separates words")]
    [TestCase("a-b c", "ABC", TestName = "camelcase: a hyphen separates words")]
    [TestCase("a  b", "A B", TestName = "camelcase: of a run of connectors all but the last stay")]
    [TestCase("-a-b-", "-AB-")]
    [TestCase(" ", "  ", TestName = "camelcase: a text of connectors gets its last one twice")]
    [TestCase("__", "___")]
    [TestCase("ÉCOLE été", "ÉcoleÉté")]
    [TestCase("a1b", "A1b")]
    [TestCase("x.y", "X.y")]
    [TestCase("ıi", "Ii", TestName = "camelcase: Go upper-cases ı to I")]
    [TestCase("", "")]
    public void Camelcase(string input, string expected) =>
        Assert.That(Render.Of("{{ camelcase .s }}", Render.Map(("s", input))), Is.EqualTo(expected));

    [TestCase("{{ upper \"ıi\" }}|{{ lower \"İ\" }}|{{ title \"ıi\" }}", "II|i|Ii", TestName = "upper, lower and title use Go's case mappings")]
    [TestCase("{{ title \"ǆa ǉ\" }}", "ǅa ǈ", TestName = "title uses the title case of ǆ, not its upper case")]
    [TestCase("{{ swapcase \"ǆ ǆǆ\" }}", "ǅ ǅǄ", TestName = "swapcase title-cases a lower-case letter only at the start and after white space")]
    [TestCase("{{ swapcase \"İstanbul\" }}|{{ untitle \"İstanbul\" }}", "iSTANBUL|istanbul")]
    public void GoCaseMappings(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));
}
