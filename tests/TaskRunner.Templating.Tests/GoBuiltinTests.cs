namespace TaskRunner.Templating.Tests;

/// <summary>Go's predefined functions, with the results Go prints.</summary>
public class GoBuiltinTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(
        ("l", new List<object?> { 1L, "two" }),
        ("sl", new List<object?> { "a", "b", "c" }),
        ("nested", Render.Map(("list", new List<object?> { Render.Map(("k", "deep")) }))),
        ("m", Render.Map(("a", 1L))),
        ("nums", new List<object?> { 1L, 2L }));

    [TestCase("{{ and 1 0 2 }}", "0", TestName = "and returns the first falsy value")]
    [TestCase("{{ and 1 2 }}", "2")]
    [TestCase("{{ or 0 \"\" \"x\" 1 }}", "x", TestName = "or returns the first truthy value")]
    [TestCase("[{{ or 0 \"\" }}]", "[]")]
    [TestCase("{{ or true (index .l 99) }}", "true", TestName = "or short-circuits")]
    [TestCase("{{ and false (div 1 0) }}", "false", TestName = "and short-circuits")]
    [TestCase("{{ 0 | or 5 }}", "5")]
    [TestCase("{{ not \"\" }} {{ not 1 }}", "true false")]
    [TestCase("{{ len \"héllo\" }} {{ len .sl }} {{ len .m }}", "6 3 1", TestName = "len counts bytes of strings as Go")]
    [TestCase("{{ index .sl 1 }} {{ index .m \"a\" }} {{ index .nested \"list\" 0 \"k\" }} {{ index \"abc\" 1 }}", "b 1 deep 98")]
    [TestCase("{{ slice .sl 1 }} {{ slice .sl }} {{ slice .sl 0 1 2 }} {{ slice .sl \"1\" \"2\" }} [{{ slice (list) 0 5 }}]", "[b c] [a b c] [a] [b] []",
        TestName = "slice is Sprig's (it replaces Go's): the first two indexes only, through toInt; an empty list gives nil")]
    [TestCase("{{ print 1 2 \"a\" 3 \"b\" \"c\" }}", "1 2a3bc", TestName = "print adds spaces between non-strings only")]
    [TestCase("{{ println 1 \"a\" }}", "1 a\n")]
    [TestCase("{{ print }}", "")]
    [TestCase("{{ eq 1 1 }} {{ eq 1 2 }} {{ eq \"a\" \"b\" \"a\" }} {{ eq true true }} {{ eq 1.5 1.5 }}", "true false true true true")]
    [TestCase("{{ ne 1 2 }} {{ ne \"a\" \"a\" }}", "true false")]
    [TestCase("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 1.2 }} {{ ge 1 2 }} {{ lt \"a\" \"b\" }}", "true true true false true")]
    [TestCase("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9")]
    [TestCase("{{ html \"<a href='x'>&\\\"\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;")]
    [TestCase("{{ js \"it's <b>\\\"x\\\"=1\" }}", "it\\'s \\u003Cb\\u003E\\\"x\\\"\\u003D1")]
    public void Functions(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ printf \"%05d|%-4s|%+d|%x|%X|%o|%b|%c|%U|%t\" 42 \"ab\" 5 \"hi\" 255 8 5 65 65 true }}", "00042|ab  |+5|6869|FF|10|101|A|U+0041|true")]
    [TestCase("{{ printf \"%e|%g|%f|%.2f|%6.2f|%5.2f|%v\" 1234.5678 0.000012 1.5 3.14159 3.14159 3.14159 2.5 }}", "1.234568e+03|1.2e-05|1.500000|3.14|  3.14| 3.14|2.5")]
    [TestCase("{{ printf \"%q|%v|%s|%d\" \"hi\\n\" .l .sl .l }}", "\"hi\\n\"|[1 two]|[a b c]|[1 %!d(string=two)]")]
    [TestCase("{{ printf \"%q\" 'a' }}", "'a'")]
    [TestCase("{{ printf \"%d %s\" \"x\" 1 }}", "%!d(string=x) %!s(int=1)")]
    [TestCase("{{ printf \"%d\" }}", "%!d(MISSING)")]
    [TestCase("{{ printf \"x\" 1 \"a\" }}", "x%!(EXTRA int=1, string=a)")]
    [TestCase("{{ printf \"%v %d\" nil nil }}", "<nil> %!d(<nil>)")]
    [TestCase("{{ printf \"100%%\" }}", "100%")]
    [TestCase("{{ printf \"%*d|%.*f\" 4 7 1 2.25 }}", "   7|2.2")]
    [TestCase("{{ printf \"%8.3s|\" \"abcdef\" }}", "     abc|")]
    [TestCase("{{ printf \"%v\" .m }}", "map[a:1]")]
    [TestCase("{{ printf \"%3d|%-2v|\" .nums .sl }}", "[  1   2]|[a  b  c ]|", TestName = "width applies to each element of a list as in Go")]
    [TestCase("{{ printf \"%T %T\" .l .m }}", "[]interface {} map[string]interface {}")]
    public void Printf(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ eq 1 \"1\" }}", "TPL003", TestName = "eq of an int and a string is an error as in Go")]
    [TestCase("{{ lt true false }}", "TPL003")]
    [TestCase("{{ lt 1 1.5 }}", "TPL003")]
    [TestCase("{{ index .sl 5 }}", "TPL005")]
    [TestCase("{{ index .sl \"x\" }}", "TPL003")]
    [TestCase("{{ index .missing 0 }}", "TPL005")]
    [TestCase("{{ slice .sl 2 1 }}", "TPL005")]
    [TestCase("{{ slice \"abcdef\" 1 3 }}", "TPL005", TestName = "Sprig's slice does not take strings")]
    [TestCase("{{ len 3 }}", "TPL003")]
    [TestCase("{{ len .missing }}", "TPL005")]
    [TestCase("{{ not }}", "TPL003")]
    [TestCase("{{ eq 1 }}", "TPL003")]
    public void Failures(string template, string code) =>
        Assert.That(Render.Failure(template, Data).Code, Is.EqualTo(code));
}
