namespace TaskRunner.Templating.Tests;

/// <summary>
/// Sprig's regex functions read expressions as Go's RE2 and match, replace and split as Go's regexp package does.
/// Expected values follow Go's regexp/syntax parser and regexp's match loop; each case differs from what .NET's Regex
/// would give if the expression were passed to it unchanged.
/// </summary>
public class SprigRegexTests
{
    [TestCase("""{{ regexReplaceAll "(?P<first>\\w+) (?P<last>\\w+)" "John Smith" "${last}, ${first}" }}""", "Smith, John")]
    [TestCase("""{{ regexReplaceAll "(?<y>[0-9]+)" "a12" "[${y}]" }}""", "a[12]", TestName = "(?<name>) groups, accepted since Go 1.22")]
    [TestCase("""{{ regexReplaceAll "(?P<x>a)(b)" "ab" "$2$1" }}""", "ba", TestName = "named and unnamed groups are numbered left to right, as Go does")]
    [TestCase("""{{ regexReplaceAll "(a)" "a" "[$1x]" }}|{{ regexReplaceAll "(a)" "a" "[${1}x]" }}""", "[]|[ax]", TestName = "$1x is the group named 1x (empty); ${1}x is group 1 then x")]
    [TestCase("""{{ regexReplaceAll "a" "a" "$$" }}|{{ regexReplaceAll "a" "a" "${1" }}|{{ regexReplaceAll "a" "a" "$!" }}|{{ regexReplaceAll "(a)" "a" "$9" }}""", "$|${1|$!|",
        TestName = "$$ is a dollar; a malformed $ stays as written; a missing group is empty")]
    [TestCase("""{{ regexReplaceAll "a*" "baaac" "X" }}|{{ regexReplaceAllLiteral "a*" "baaac" "$0" }}""", "XbXcX|$0b$0c$0",
        TestName = "an empty match right after a match is not replaced (Go), where .NET would replace it")]
    [TestCase("""{{ regexFindAll "[[:alpha:]]+" "ab12cd" -1 }} {{ regexFindAll "[[:^digit:][:digit:]]" "a1" -1 }} {{ regexFindAll "[^[:alpha:]]+" "ab12cd" -1 }}""", "[ab cd] [a 1] [12]")]
    [TestCase("""{{ regexMatch "^\\d+$" "١٢" }} {{ regexMatch "^\\w+$" "héllo" }} {{ regexMatch "\\s" "a\vb" }} {{ regexMatch "^[\\D]+$" "ab" }}""", "false false false true",
        TestName = "\\d, \\w and \\s are ASCII-only in Go and \\s does not match a vertical tab")]
    [TestCase("""{{ regexFind "a\\b" "aé" }}|{{ regexFind "\\Bb" "ab" }}""", "a|b", TestName = "\\b and \\B are ASCII word boundaries")]
    [TestCase("""{{ regexMatch "a$" "a\n" }} {{ regexFindAll "(?m)^\\w+$" "ab\ncd" -1 }}""", "false [ab cd]", TestName = "$ is the end of the text unless (?m)")]
    [TestCase("""{{ regexMatch "a.b" "a\nb" }} {{ regexMatch "(?s)a.b" "a\nb" }} {{ regexMatch "^.$" "😀" }}""", "false true true", TestName = ". does not match a newline unless (?s), and matches a whole character")]
    [TestCase("""{{ regexReplaceAll "\\Q.*\\E" "a.*b" "-" }} {{ regexReplaceAll "\\Qab\\E+" "abbb" "-" }}""", "a-b -", TestName = "\\Q...\\E quotes literally; a repeat applies to its last character")]
    [TestCase("""{{ regexFind "(?U)a+" "aaa" }} {{ regexFind "(?U)a+?" "aaa" }} {{ regexFind "(?U:a+)a*" "aaa" }}""", "a aaa aaa", TestName = "(?U) swaps greedy and lazy")]
    [TestCase("""{{ regexMatch "^\\x{41}\\x42\\101$" "ABA" }} {{ regexMatch "^a{01}$" "a{01}" }} {{ regexMatch "^a{,2}$" "a{,2}" }}""", "true true true",
        TestName = "\\x{...} and octal escapes; a repeat count with a leading zero or no minimum is literal text")]
    [TestCase("""{{ regexMatch "^[a-z-[aeiou]]+$" "b]" }} {{ regexMatch "^[a-z-[aeiou]]+$" "b" }}""", "true false", TestName = "no class subtraction: [a-z-[aeiou] is a class followed by ]")]
    [TestCase("""{{ regexFind "(?i)HELLO" "say hello" }} {{ regexMatch "^(?i)a(?-i)B$" "AB" }} {{ regexMatch "^(?i)a(?-i)B$" "Ab" }} {{ regexMatch "^(?i:a)b$" "AB" }}""", "hello true false false")]
    [TestCase("""{{ regexMatch "^\\pL+\\p{Nd}$" "ab1" }} {{ regexMatch "^\\PL$" "1" }} {{ regexMatch "^[\\p{Lu}]$" "a" }}""", "true true false")]
    [TestCase("""{{ regexMatch "^(a{10}){100}$" "a" }} {{ regexMatch "^(a*){1000}b+$" "aab" }}""", "false true", TestName = "nested counts up to 1000, and * + ? at any depth, are accepted")]
    [TestCase("""{{ regexSplit "(?P<sep>,)" "a,b" -1 }} {{ regexFindAll "a" "aaa" 0 }} {{ regexFindAll "x" "aaa" -1 | toJson }} {{ regexSplit "," "a" 0 | toJson }} {{ typeOf (regexFindAll "a" "a" -1) }}""", "[a b] [] null null []string",
        TestName = "regexFindAll and regexSplit return []string, nil when empty")]
    [TestCase("""{{ regexMatch "^[😀]$" "😀" }} {{ regexMatch "^[a😀]$" "🙂" }} {{ regexMatch "^[^😀]$" "😀" }} {{ regexMatch "^[^😀]$" "🙂" }} {{ regexFindAll "[😀-🙏]+" "a😀b🙂🙃c𝄞" -1 }} {{ regexMatch "^[^a]$" "𝄞" }}""",
        "true false false true [😀 🙂🙃] true", TestName = "classes with characters beyond U+FFFF match whole characters, as Go matches runes")]
    public void GoSyntaxAndSemantics(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase("(?=a)", "invalid or unsupported Perl syntax: `(?=`")]
    [TestCase("(?!a)", "invalid or unsupported Perl syntax: `(?!`")]
    [TestCase("(?>a)", "invalid or unsupported Perl syntax: `(?>`")]
    [TestCase("(?P=n)", "invalid or unsupported Perl syntax: `(?P`")]
    [TestCase("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`")]
    [TestCase("(?<=a)b", "invalid named capture: `(?<=a)b`")]
    [TestCase("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`")]
    [TestCase("(a)\\\\1", "invalid escape sequence: `\\1`")]
    [TestCase("a\\\\Z", "invalid escape sequence: `\\Z`")]
    [TestCase("\\\\C", "invalid escape sequence: `\\C`")]
    [TestCase("a*+", "invalid nested repetition operator: `*+`")]
    [TestCase("a{2}{3}", "invalid nested repetition operator: `{2}{3}`")]
    [TestCase("a{1001}", "invalid repeat count: `{1001}`")]
    [TestCase("a{3,2}", "invalid repeat count: `{3,2}`")]
    [TestCase("(a{500}){3}", "invalid repeat count: `{3}`", TestName = "nested repeat counts may not multiply past 1000")]
    [TestCase("((a{10})b){101}", "invalid repeat count: `{101}`")]
    [TestCase("(?:a{2}|b{600}){2,}", "invalid repeat count: `{2,}`")]
    [TestCase("*a", "missing argument to repetition operator: `*`")]
    [TestCase("(*)", "missing argument to repetition operator: `*`")]
    [TestCase("a)", "unexpected ): `a)`")]
    [TestCase("(a", "missing closing ): `(a`")]
    [TestCase("x[a", "missing closing ]: `[a`")]
    [TestCase("[z-a]", "invalid character class range: `z-a`")]
    [TestCase("[[:foo:]]", "invalid character class range: `[:foo:]`")]
    [TestCase("\\\\p{Foo}", "invalid character class range: `\\p{Foo}`")]
    [TestCase("a\\\\", "trailing backslash at end of expression: ``")]
    public void RejectsWhatGoRejectsWithGosMessage(string expr, string error)
    {
        var failure = Render.Failure($$$"""{{ regexFind "{{{expr}}}" "x" }}""");
        Assert.That(failure.Code, Is.EqualTo("TPL005"));
        Assert.That(failure.Message, Does.Contain($"error calling regexFind: regexp: Compile(`{expr.Replace("\\\\", "\\")}`): error parsing regexp: {error}"));
    }

    [Test]
    public void AnExpressionWithABackquoteIsQuotedInThePanicAndRegexMatchIsFalse()
    {
        Assert.That(Render.Failure("{{ regexSplit \"(\" \"x\" 0 }}").Message, Does.Contain("error parsing regexp: missing closing )"), "compiled even when n is 0, as Go does");
        Assert.That(Render.Failure("{{ regexFind \"`(\" \"x\" }}").Message, Does.Contain("regexp: Compile(\"`(\"): error parsing regexp: missing closing ): ``(`"));
        Assert.That(Render.Failure("{{ regexFind \"\uFEFF(\" \"x\" }}").Message, Does.Contain("regexp: Compile(\"\\ufeff(\"): error parsing regexp"));
        Assert.That(Render.Failure("{{ regexFind \"\uFFFD(\" \"x\" }}").Message, Does.Contain("regexp: Compile(`\uFFFD(`)"));
        Assert.That(Render.Of("{{ regexMatch \"(?=a)\" \"a\" }}"), Is.EqualTo("false"));
    }
}
