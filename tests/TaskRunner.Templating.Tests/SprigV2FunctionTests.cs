namespace TaskRunner.Templating.Tests;

/// <summary>
/// The Sprig v2.22.0 functions beyond the common subset, with results worked out from Sprig's source and the
/// libraries it calls (goutils v1.1.1, xstrings v1.3.2, mergo as acb resolves it).
/// </summary>
public class SprigV2FunctionTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(
        ("Values", new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["k"] = "v" })));

    [TestCase("{{ hello }} {{ trimall \"$\" \"$5.00$\" }} {{ untitle \"Hello World\" }} {{ swapcase \"This Is A.Test\" }}", "Hello! 5.00 hello world tHIS iS a.tEST")]
    [TestCase("{{ abbrevboth 5 10 \"1234 5678 9123\" }} {{ abbrevboth 0 5 \"hello world\" }} {{ abbrevboth 3 5 \"hello world\" }} {{ abbrev 5 \"hello world\" }}",
        "...5678... he... hello world he...")]
    [TestCase("{{ snakecase \"FirstName\" }} {{ snakecase \"HTTPServer\" }} {{ snakecase \"http2xx\" }} {{ kebabcase \"FirstName\" }} {{ kebabcase \"GO_PATH\" }}",
        "first_name http_server http_2xx first-name go-path")]
    [TestCase("{{ snakecase \"ABc\" }}|{{ snakecase \"A B\" }}", "a_bc|a_b",
        TestName = "xstrings v1.3.2 as acb runs it: a capital run before a word gives its last capital to the word; a space is a connector")]
    [TestCase("{{ camelcase \"http_server\" }} {{ camelcase \"_a_b\" }} {{ camelcase \"_complex__case_\" }} {{ camelcase \"GOLANG_IS_GREAT\" }} {{ camelcase \"a\" }} {{ camelcase \"好\" }} {{ camelcase \"__\" }}",
        "HttpServer _AB _Complex_Case_ GolangIsGreat A 好 ___", TestName = "xstrings v1.3.2's ToCamelCase (its own test cases)")]
    [TestCase("{{ shuffle \"hello\" | splitList \"\" | sortAlpha | join \"\" }} {{ shuffle \"héllo\" | len }}", "ehllo 6")]
    [TestCase("{{ wrapWith 5 \"\\t\" \"Hello World\" }}|{{ wrapWith 3 \"-\" \"abcdefg\" }}|{{ wrap 3 \"abcdefg\" }}", "Hello\tWorld|abc-def-g|abcdefg",
        TestName = "wrapWith cuts long words, wrap does not")]
    [TestCase("{{ splitn \"$\" 2 \"foo$bar$baz\" }} {{ splitn \"$\" 0 \"a$b\" }} {{ splitn \"$\" -1 \"a$b\" }} {{ splitn \"\" 2 \"abc\" }}", "map[_0:foo _1:bar$baz] map[] map[_0:a _1:b] map[_0:a _1:bc]")]
    [TestCase("{{ toStrings (list 1 \"a\" .missing 2.5) }} {{ toStrings .missing | len }} {{ typeOf (toStrings (list 1)) }}", "[1 a 2.5] 0 []string")]
    [TestCase("{{ randAlphaNum 12 | regexMatch \"^[A-Za-z0-9]{12}$\" }} {{ randAlpha 5 | regexMatch \"^[A-Za-z]{5}$\" }} {{ randNumeric 5 | regexMatch \"^[0-9]{5}$\" }} {{ randAscii 40 | regexMatch \"^[ -~]{40}$\" }} [{{ randAlpha 0 }}{{ randAlpha -1 }}]",
        "true true true true []")]
    [TestCase("{{ nospace \"héllo wörld\" }} {{ nospace \"héllo\" }} {{ nospace \"a\u00A0b\" }} {{ initials \"école normale\" }}", "hÃ©llowÃ¶rld héllo aÂb Ãn",
        TestName = "nospace and initials work on UTF-8 bytes, as goutils does")]
    [TestCase("{{ wrap 4 \"ab é cd\" }}|{{ wrapWith 2 \"-\" \"aéb\" }}", "ab\né\ncd|a\uFFFD-\uFFFDb", TestName = "wrap counts UTF-8 bytes; wrapWith can cut a character apart")]
    [TestCase("{{ b64dec \"aGVs bG8=\" }}|{{ b64dec \"aGVs\\nbG8=\" }}|{{ replace \"\" \"-\" \"e\u0301\" }}", "illegal base64 data at input byte 4|hello|-e-\u0301-",
        TestName = "base64 takes only CR and LF between characters, as Go; replace with an empty old string works on runes")]
    public void Strings(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ biggest 1 5 \"3\" }} {{ toDecimal \"0777\" }} {{ toDecimal 777 }} {{ toDecimal \"8\" }} {{ toDecimal \"-10\" }} {{ toDecimal \"1e3\" }}", "5 511 511 0 -8 0")]
    [TestCase("{{ tuple 1 \"a\" }} {{ concat (list 1 2) (list 3) }} {{ concat (list) | toJson }} {{ typeOf (until 2) }}", "[1 a] [1 2 3] null []int")]
    [TestCase("{{ pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) }} {{ values (dict \"b\" 2 \"a\" 1) }}", "[1 3] [1 2]")]
    [TestCase("{{ merge (dict \"a\" 1 \"b\" \"\") (dict \"b\" 2 \"c\" 3) (dict \"c\" 4) }} {{ merge (dict \"a\" 1) (dict \"a\" 2) }} {{ mergeOverwrite (dict \"a\" 1) (dict \"a\" 2) }}",
        "map[a:1 b:2 c:3] map[a:1] map[a:2]")]
    [TestCase("{{ mergeOverwrite (dict \"a\" 1 \"b\" true) (dict \"b\" false) }} {{ mergeOverwrite (dict \"a\" 1) (dict \"a\" .missing) }} {{ merge (dict \"a\" 1) (dict \"a\" .missing) }}",
        "map[a:1 b:false] map[a:<nil>] map[a:1]", TestName = "mergeOverwrite takes even empty values, and nil")]
    [TestCase("{{ merge (dict \"n\" (dict \"x\" 1)) (dict \"n\" (dict \"x\" 2 \"y\" 2)) }} {{ merge (dict \"l\" (list 1)) (dict \"l\" (list 2)) }} {{ mergeOverwrite (dict \"l\" (list 1)) (dict \"l\" (list 2)) }}",
        "map[n:map[x:1 y:2]] map[l:[1]] map[l:[2]]", TestName = "nested maps merge; lists are taken whole")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := merge $d (dict \"b\" 2) }}{{ $d }}", "map[a:1 b:2]", TestName = "merge changes its first argument, as mergo does")]
    public void CollectionsAndMath(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ typeOf \"a\" }} {{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf true }} {{ typeOf .missing }} {{ typeOf now }}", "string int float64 bool <nil> time.Time")]
    [TestCase("{{ typeOf (list) }} {{ typeOf (dict) }} {{ typeOf (splitList \",\" \"a\") }} {{ typeOf .Values }}", "[]interface {} map[string]interface {} []string map[string]interface {}")]
    [TestCase("{{ kindOf \"a\" }} {{ kindOf 1 }} {{ kindOf (list) }} {{ kindOf (dict) }} {{ kindOf .missing }} {{ kindOf now }} {{ kindOf 2.5 }}", "string int slice map invalid struct float64")]
    [TestCase("{{ typeIs \"string\" \"a\" }} {{ typeIs \"int\" \"a\" }} {{ typeIsLike \"string\" \"a\" }} {{ kindIs \"slice\" (list) }} {{ kindIs \"map\" (list) }}", "true false true true false")]
    [TestCase("{{ deepEqual (list 1 (dict \"a\" 2)) (list 1 (dict \"a\" 2)) }} {{ deepEqual (dict \"a\" 1) (dict \"a\" 2) }} {{ deepEqual 1 \"1\" }} {{ deepEqual .missing .missing }}", "true false false true")]
    [TestCase("{{ $c := deepCopy .Values }}{{ $_ := set $c \"x\" 1 }}{{ $c }} {{ .Values }}", "map[k:v x:1] map[k:v]", TestName = "deepCopy gives a map that set and merge can change")]
    [TestCase("{{ $l := list (dict \"a\" 1) }}{{ $c := deepCopy $l }}{{ $_ := set (first $c) \"a\" 2 }}{{ $l }} {{ $c }}", "[map[a:1]] [map[a:2]]")]
    public void Reflection(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ fail \"stop here\" }}", "error calling fail: stop here")]
    [TestCase("{{ concat (list 1) \"x\" }}", "error calling concat: Cannot concat type string as list")]
    [TestCase("{{ concat .missing }}", "error calling concat: runtime error: invalid memory address or nil pointer dereference")]
    [TestCase("{{ has 1 \"x\" }}", "error calling has: Cannot find has on type string")]
    [TestCase("{{ first .missing }}", "error calling first: runtime error: invalid memory address or nil pointer dereference")]
    [TestCase("{{ deepCopy .missing }}", "error calling deepCopy: reflect: call of reflect.Value.Type on zero Value")]
    [TestCase("{{ merge .Values (dict \"z\" 1) }}", "error calling merge: merge can only change maps made with dict")]
    [TestCase("{{ slice \"abc\" 1 }}", "error calling slice: list should be type of slice or array but string")]
    [TestCase("{{ slice (list 1 2) 1 5 }}", "error calling slice: reflect.Value.Slice: slice index out of bounds")]
    [TestCase("{{ indent -1 \"a\" }}", "error calling indent: strings: negative Repeat count")]
    [TestCase("{{ trunc -1 \"abc\" }}", "error calling trunc: runtime error: slice bounds out of range [:-1]")]
    public void FailuresAreSprigsPanicsAndErrors(string template, string message)
    {
        var failure = Render.Failure(template, Data);
        Assert.That(failure.Code, Is.EqualTo("TPL005"));
        Assert.That(failure.Message, Does.Contain(message));
    }
}
