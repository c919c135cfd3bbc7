namespace TaskRunner.Templating.Tests;

/// <summary>Every Sprig function offered, with Sprig's argument order and results; numeric ones accept numeric strings.</summary>
public class SprigFunctionTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(
        ("Values", Render.Map(("n", "2"), ("f", "1.5"), ("tag", "v1.2.3"), ("name", "my-app"))),
        ("sl", new List<object?> { "a", "b" }),
        ("nums", new List<object?> { 1L, 2L }));

    [TestCase("{{ upper \"abc\" }} {{ lower \"ABC\" }}", "ABC abc")]
    [TestCase("{{ title \"hello wORLD-foo bar_baz\" }}", "Hello WORLD-Foo Bar_baz")]
    [TestCase("[{{ trim \"  x \\n\" }}]", "[x]")]
    [TestCase("{{ trimAll \"$\" \"$5.00$\" }}", "5.00")]
    [TestCase("{{ trimPrefix \"v\" .Values.tag }} {{ .Values.tag | trimPrefix \"v\" }}", "1.2.3 1.2.3")]
    [TestCase("{{ trimSuffix \".yaml\" \"task.yaml\" }}", "task")]
    [TestCase("{{ replace \"-\" \"_\" \"a-b-c\" }} {{ \"a-b\" | replace \"-\" \"+\" }}", "a_b_c a+b")]
    [TestCase("{{ replace \"\" \"-\" \"ab\" }}", "-a-b-")]
    [TestCase("{{ contains \"ell\" \"hello\" }} {{ \"hello\" | contains \"xyz\" }}", "true false")]
    [TestCase("{{ hasPrefix \"my\" .Values.name }} {{ hasSuffix \"app\" .Values.name }} {{ hasPrefix \"x\" .Values.name }}", "true true false")]
    [TestCase("{{ quote \"a\\\"b\" 1 .missing }}", "\"a\\\"b\" \"1\"")]
    [TestCase("{{ squote \"a\" 2 }}", "'a' '2'")]
    [TestCase("{{ cat \"a\" 1 .missing \"b\" }}", "a 1 b")]
    [TestCase("{{ toString 5 }} {{ toString 1.5 }} {{ toString .sl }} {{ toString .missing }}", "5 1.5 [a b] <nil>")]
    [TestCase("{{ repeat 3 \"ab\" }}", "ababab")]
    [TestCase("{{ nospace \" a b\\tc \" }}", "abc")]
    [TestCase("{{ trunc 3 \"abcdef\" }} {{ trunc 10 \"abc\" }} {{ trunc 2 \"héllo\" }}", "abc abc h\uFFFD", TestName = "trunc keeps the first n bytes (Sprig v2)")]
    [TestCase("{{ abbrev 5 \"hello world\" }} {{ abbrev 20 \"short\" }}", "he... short")]
    [TestCase("{{ indent 2 \"a\\nb\" }}", "  a\n  b")]
    [TestCase("x:{{ nindent 2 \"a\" }}", "x:\n  a")]
    [TestCase("{{ split \",\" \"a,b\" }} {{ (split \":\" \"x:y\")._1 }}", "map[_0:a _1:b] y")]
    [TestCase("{{ splitList \",\" \"a,b,c\" }} {{ splitList \",\" \"a,b\" | len }}", "[a b c] 2")]
    [TestCase("{{ join \"-\" .sl }} {{ join \",\" (list 1 \"a\" .missing 2.5) }} [{{ join \",\" .missing }}] {{ join \",\" \"one\" }}", "a-b 1,a,2.5 [] one")]
    public void Strings(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ add 1 2 3 }} {{ add }}", "6 0")]
    [TestCase("{{ add .Values.n 1 }}", "3", TestName = "numeric strings from --set are numbers")]
    [TestCase("{{ .Values.n | add 1 }}", "3")]
    [TestCase("{{ add \"x\" 1 }}", "1", TestName = "a non-numeric string counts as 0 as in Sprig")]
    [TestCase("{{ add 1.9 1 }} {{ add .Values.f 1 }}", "2 1", TestName = "floats truncate; a float string is 0 to toInt64")]
    [TestCase("{{ add \"2.00\" 1 }} {{ add \"0x10\" 1 }} {{ add \"5.0\" 1 }} {{ add \" 5\" 1 }} {{ add \"1_000\" 1 }}", "1 1 1 1 1",
        TestName = "strings go through strconv.ParseInt(s, 10, 64) as in Sprig v2: anything but sign and digits is 0")]
    [TestCase("{{ int \"08\" }} {{ add \"010\" 1 }} {{ add \"+7\" \"-2\" }} {{ int \"9223372036854775808\" }}", "8 11 5 0",
        TestName = "leading zeros are decimal, not octal; out of range is 0")]
    [TestCase("{{ int64 (float64 \"NaN\") }} {{ int (float64 \"1e300\") }} {{ int64 -2.7 }}", "-9223372036854775808 -9223372036854775808 -2",
        TestName = "float to int64 as Go on amd64: truncation, and the int64 minimum for NaN and out of range")]
    [TestCase("{{ add1 \"9\" }}", "10")]
    [TestCase("{{ sub 5 \"2\" }} {{ sub 1 3 }}", "3 -2")]
    [TestCase("{{ mul 2 3 4 }} {{ mul \"3\" 2 }}", "24 6")]
    [TestCase("{{ div 7 2 }} {{ div -7 2 }} {{ div \"9\" \"3\" }}", "3 -3 3")]
    [TestCase("{{ mod 7 3 }} {{ mod -7 3 }}", "1 -1")]
    [TestCase("{{ max 1 5 \"3\" }} {{ min 4 2 }} {{ min \"-1\" 0 }}", "5 2 -1")]
    [TestCase("{{ int \"42\" }} {{ int64 3.9 }} {{ float64 \"1.5\" }} {{ float64 2 }}", "42 3 1.5 2")]
    [TestCase("{{ atoi \"12\" }} {{ atoi \"x\" }} {{ atoi \" 1\" }} {{ atoi \"-08\" }}", "12 0 0 -8")]
    [TestCase("{{ float64 \" 1.5\" }} {{ float64 \"1.5 \" }} {{ float64 \"1_000.5\" }} {{ float64 \".5e1\" }} {{ float64 \"0x1.8p1\" }} {{ float64 \"1e400\" }} {{ float64 \"-Inf\" }} {{ float64 \"1,5\" }}",
        "0 0 1000.5 5 3 0 -Inf 0", TestName = "float64 of a string is strconv.ParseFloat: Go syntax, no trimming, 0 when invalid or out of range")]
    [TestCase("{{ until 3 }} {{ until -2 }} {{ until 0 }}", "[0 1 2] [0 -1] []")]
    [TestCase("{{ printf \"%T\" (add 1 2) }}", "int", TestName = "results are integers")]
    public void Math(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ .missing | default \"d\" }} {{ \"\" | default \"d\" }} {{ 0 | default 5 }} {{ \"x\" | default \"d\" }} {{ default \"d\" }}", "d d 5 x d")]
    [TestCase("{{ false | default true }} {{ list | default \"none\" }}", "true none")]
    [TestCase("{{ empty \"\" }} {{ empty (list) }} {{ empty 0 }} {{ empty .missing }} {{ empty \"a\" }} {{ empty (list 1) }} {{ empty now }}", "true true true true false false false")]
    [TestCase("{{ coalesce .missing \"\" 0 \"c\" \"d\" }} [{{ coalesce .missing \"\" }}]", "c []")]
    [TestCase("{{ ternary \"a\" \"b\" true }} {{ false | ternary \"yes\" \"no\" }}", "a no")]
    [TestCase("{{ list 1 \"a\" .missing }} {{ list }}", "[1 a <nil>] []")]
    [TestCase("{{ dict \"b\" 1 \"a\" 2 }} {{ (dict \"a\" 1).a }} {{ dict \"odd\" }}", "map[a:2 b:1] 1 map[odd:]")]
    [TestCase("{{ first .sl }} {{ last .sl }} [{{ first (list) }}]", "a b []")]
    [TestCase("{{ has 2 .nums }} {{ has \"2\" .nums }} {{ .nums | has 3 }} {{ has 1 .missing }}", "true false false false")]
    [TestCase("{{ keys (dict \"b\" 1 \"a\" 2) }} {{ keys (dict \"a\" 1) (dict \"c\" 1 \"a\" 2) }} {{ typeOf (keys (dict)) }}", "[a b] [a a c] []string", TestName = "keys of several maps keeps repeated keys, as Sprig")]
    [TestCase("{{ hasKey (dict \"a\" 1) \"a\" }} {{ hasKey (dict \"a\" 1) \"b\" }}", "true false")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }}", "map[a:1 b:2]")]
    public void Collections(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ \"hi\" | b64enc | b64dec }}", "aGVsbG8= hello hi")]
    [TestCase("{{ b64dec \"!!\" }}", "illegal base64 data at input byte 0", TestName = "b64dec returns the error text as Sprig does")]
    [TestCase("{{ toJson (list 1 \"a\" true .missing 1.5 1e21 (dict \"z\" 1 \"a\" \"<&>\")) }}", "[1,\"a\",true,null,1.5,1e+21,{\"a\":\"\\u003c\\u0026\\u003e\",\"z\":1}]")]
    [TestCase("{{ toJson \"s\" }} {{ toJson .missing }}", "\"s\" null")]
    [TestCase("{{ sha256sum \"abc\" }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("{{ regexMatch \"^[a-z]+$\" \"abc\" }} {{ regexMatch \"^[a-z]+$\" \"ab1\" }} {{ regexMatch \"(\" \"x\" }}", "true false false")]
    [TestCase("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}", "-W-xxW-")]
    public void Encodings(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ substr 1 3 \"hello\" }} {{ substr -1 2 \"hello\" }} {{ substr 2 -1 \"hello\" }} {{ substr 2 99 \"hello\" }} {{ substr 0 3 \"héllo\" }}", "el he llo llo hé", TestName = "substr counts UTF-8 bytes, as Go slices strings")]
    [TestCase("{{ plural \"one\" \"many\" 1 }} {{ len .sl | plural \"item\" \"items\" }}", "one items")]
    [TestCase("{{ initials \"first  second\\tthird\" }}", "fst")]
    [TestCase("{{ wrap 5 \"hello world foo\" }}|{{ wrap 3 \"abcdefg hi\" }}|{{ wrap 10 \"  short\" }}", "hello\nworld\nfoo|abcdefg\nhi|  short")]
    public void MoreStrings(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ append .sl \"c\" }} {{ push .sl \"c\" }} {{ prepend .sl \"z\" }} {{ .sl }}", "[a b c] [a b c] [z a b] [a b]", TestName = "append and prepend return new lists")]
    [TestCase("{{ rest .sl }} {{ initial .sl }} [{{ rest (list) }}] [{{ initial (list) }}] {{ rest (list) | toJson }}", "[b] [a] [[]] [[]] null",
        TestName = "rest and initial of an empty list are a nil slice: [] when printed, null in JSON")]
    [TestCase("{{ reverse .nums }} {{ compact (list 0 \"\" \"a\" .missing false 2) }} {{ uniq (list 1 2 1 \"1\" 2) }}", "[2 1] [a 2] [1 2 1]")]
    [TestCase("{{ without (list 1 2 3 2) 2 3 }} {{ sortAlpha (list \"b\" \"B\" \"a\" 10 9) }} {{ sortAlpha \"x\" }}", "[1] [10 9 B a b] [x]")]
    [TestCase("{{ pick (dict \"a\" 1 \"b\" 2 \"c\" 3) \"a\" \"c\" \"z\" }} {{ omit (dict \"a\" 1 \"b\" 2) \"a\" }}", "map[a:1 c:3] map[b:2]")]
    [TestCase("{{ $d := dict \"a\" 1 \"b\" 2 }}{{ $_ := unset $d \"a\" }}{{ $d }}", "map[b:2]")]
    [TestCase("{{ untilStep 0 10 3 }} {{ untilStep 5 0 -2 }} {{ untilStep 0 5 -1 }}", "[0 3 6 9] [5 3 1] []")]
    [TestCase("{{ floor 1.7 }} {{ ceil \"1.2\" }} {{ floor -1.5 }} {{ round 3.14159 2 }} {{ round 2.5 0 }} {{ round -2.5 0 }} {{ round 1.45 0 0.4 }}", "1 2 -2 3.14 3 -3 2")]
    public void MoreCollectionsAndMath(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ regexFind \"[0-9]+\" \"ab12cd345\" }} [{{ regexFind \"x\" \"abc\" }}]", "12 []")]
    [TestCase("{{ regexFindAll \"[0-9]+\" \"a1b22c333\" -1 }} {{ regexFindAll \"[0-9]+\" \"a1b22c333\" 2 }} {{ regexFindAll \"a*\" \"baaac\" -1 | len }}", "[1 22 333] [1 22] 3",
        TestName = "regexFindAll: an empty match right after a match does not count, as in Go")]
    [TestCase("{{ regexSplit \",\" \"a,b,c\" -1 }} {{ regexSplit \",\" \"a,b,c\" 2 }} {{ regexSplit \",\" \"a,b,c\" 0 }} {{ regexSplit \"\" \"abc\" -1 }}", "[a b c] [a b,c] [] [a b c]")]
    [TestCase("{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}", "-${1}-${1}-")]
    [TestCase("{{ toPrettyJson (dict \"b\" (list 1 2) \"a\" \"<\" \"c\" (dict) \"d\" (compact (list 0)) \"e\" (list)) }}", "{\n  \"a\": \"\\u003c\",\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": null\n}",
        TestName = "list with no items is Go's nil slice (JSON null); an emptied list is []")]
    [TestCase("{{ sha1sum \"abc\" }} {{ adler32sum \"Wikipedia\" }}", "a9993e364706816aba3e25717850c26c9cd0d89d 300286872")]
    [TestCase("{{ b32enc \"foobar\" }} {{ b32enc \"f\" }} {{ b32dec \"MZXW6YTBOI======\" }} {{ b32dec \"MZ!W6===\" }}", "MZXW6YTBOI====== MY====== foobar illegal base32 data at input byte 2")]
    [TestCase("{{ uuidv4 | len }} {{ regexMatch \"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$\" uuidv4 }}", "36 true")]
    [TestCase("{{ base \"a/b/c.tar.gz\" }} {{ base \"/a/b/\" }} {{ base \"\" }} {{ base \"//\" }}", "c.tar.gz b . /")]
    [TestCase("{{ dir \"a/b/c\" }} {{ dir \"c\" }} {{ dir \"/c\" }} {{ ext \"a/b.tar.gz\" }} [{{ ext \"a.b/c\" }}]", "a/b . / .gz []")]
    [TestCase("{{ clean \"a//b/./../c/\" }} {{ clean \"/../x\" }} {{ clean \"../../a/..\" }} {{ clean \"\" }} {{ isAbs \"/x\" }} {{ isAbs \"x\" }}", "a/c /x ../.. . true false")]
    public void MoreEncodingsRegexesAndPaths(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ append \"x\" 1 }}", "error calling append: Cannot push on type string")]
    [TestCase("{{ rest .missing }}", "error calling rest: runtime error: invalid memory address or nil pointer dereference")]
    [TestCase("{{ substr 2 1 \"hello\" }}", "error calling substr: runtime error: slice bounds out of range [2:1]")]
    [TestCase("{{ substr -1 9 \"hello\" }}", "error calling substr: runtime error: slice bounds out of range [:9] with length 5")]
    [TestCase("{{ regexFind \"(\" \"x\" }}", "error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`")]
    [TestCase("{{ unset .Values \"k\" }}", "error calling unset: unset can only change a map made with dict")]
    public void MoreFailuresAreGosPanicsAsErrors(string template, string message)
    {
        var readOnly = Render.Map(("Values", new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>())));
        Assert.That(Render.Failure(template, readOnly).Message, Does.StartWith(message));
    }

    [TestCase("{{ now }}", "2010-05-20 13:14:22 +0000 UTC")]
    [TestCase("{{ now | date \"2006-01-02\" }} {{ date \"20060102-150405\" now }}", "2010-05-20 20100520-131422")]
    [TestCase("{{ date \"Mon Monday Jan January _2 002 3 03 PM pm 06 .000 -07:00 Z07:00 MST\" now }}", "Thu Thursday May May 20 140 1 01 PM pm 10 .000 +00:00 Z UTC")]
    [TestCase("{{ date \"2006-01-02T15:04:05Z07:00\" 0 }}", "1970-01-01T00:00:00Z", TestName = "date accepts Unix seconds")]
    [TestCase("{{ unixEpoch now }}", "1274361262")]
    public void Dates(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [Test]
    public void DateShowsFractionsAndOffsetsAsGo()
    {
        var t = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_500);
        Assert.That(Render.Of("{{ date \"15:04:05.000000 .999999999 -0700\" .t }}", Render.Map(("t", t))), Is.EqualTo("01:04:05.123450 .12345 +0000"),
            "date shows the time in UTC");
        Assert.That(Render.Of("{{ .t }}", Render.Map(("t", t))), Is.EqualTo("2024-01-02 03:04:05.12345 +0200 +0200"));
    }

    [TestCase("{{ get (dict \"a\" 1) \"a\" }}", "TPL002", TestName = "get is Sprig v3's, not in v2.22.0: ACR fails to parse it")]
    [TestCase("{{ fromJson \"{}\" }}", "TPL002", TestName = "fromJson is Sprig v3's")]
    [TestCase("{{ mustFirst (list 1) }}", "TPL002", TestName = "the must* functions are Sprig v3's")]
    [TestCase("{{ trunc -2 \"abcdef\" }}", "TPL005", TestName = "a negative trunc is Go's slice panic in Sprig v2 (v3 counts from the end)")]
    [TestCase("{{ upper 5 }}", "TPL003")]
    [TestCase("{{ upper \"a\" \"b\" }}", "TPL003")]
    [TestCase("{{ ternary \"a\" \"b\" \"yes\" }}", "TPL003")]
    [TestCase("{{ div 1 0 }}", "TPL005")]
    [TestCase("{{ mod 1 \"0\" }}", "TPL005")]
    [TestCase("{{ repeat -1 \"a\" }}", "TPL005")]
    [TestCase("{{ regexReplaceAll \"(\" \"x\" \"y\" }}", "TPL005", TestName = "an invalid expression is regexp.MustCompile's panic, an execution error")]
    [TestCase("{{ keys \"notamap\" }}", "TPL003")]
    [TestCase("{{ set .Values \"k\" \"v\" }}", "TPL005")]
    public void Failures(string template, string code)
    {
        var readOnly = Render.Map(("Values", new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>())));
        Assert.That(Render.Failure(template, readOnly).Code, Is.EqualTo(code));
    }
}
