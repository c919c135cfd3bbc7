namespace TaskRunner.Templating.Tests;

/// <summary>Go's truthiness, and missing keys: empty output and falsy; a field of a missing value is Go's nil pointer error.</summary>
public class TruthAndMissingTests
{
    private static IEnumerable<TestCaseData> Values()
    {
        yield return new TestCaseData(false, false);
        yield return new TestCaseData(0L, false);
        yield return new TestCaseData(0, false);
        yield return new TestCaseData(0.0, false);
        yield return new TestCaseData("", false);
        yield return new TestCaseData(null, false);
        yield return new TestCaseData(new List<object?>(), false);
        yield return new TestCaseData(new Dictionary<string, object?>(), false);
        yield return new TestCaseData(true, true);
        yield return new TestCaseData(1L, true);
        yield return new TestCaseData(-1, true);
        yield return new TestCaseData(0.5, true);
        yield return new TestCaseData("0", true);
        yield return new TestCaseData("false", true);
        yield return new TestCaseData(" ", true);
        yield return new TestCaseData(new List<object?> { null }, true);
        yield return new TestCaseData(Render.Map(("k", null)), true);
    }

    [TestCaseSource(nameof(Values))]
    public void TruthIsGos(object? value, bool expected)
    {
        var data = Render.Map(("v", value));
        Assert.That(Render.Of("{{ if .v }}T{{ else }}F{{ end }}", data), Is.EqualTo(expected ? "T" : "F"));
        Assert.That(Render.Of("{{ not .v }}", data), Is.EqualTo(expected ? "false" : "true"));
    }

    private static readonly Dictionary<string, object?> Data = Render.Map(("Values", Render.Map(("set", "x"), ("null", null))), ("m", Render.Map()));

    [TestCase("[{{ .Values.nope }}]", "[]", TestName = "missing key renders empty, never <no value>")]
    [TestCase("[{{ .Values.null }}]", "[]")]
    [TestCase("[{{ $.nope }}]", "[]")]
    [TestCase("[{{ index .m \"zz\" }}]", "[]")]
    [TestCase("{{ if .Values.nope }}y{{ else }}n{{ end }}", "n")]
    [TestCase("{{ .Values.nope | default \"d\" }}", "d")]
    [TestCase("{{ .Values.set | default \"d\" }}", "x")]
    [TestCase("{{ print .Values.nope }}", "<nil>", TestName = "print shows nil as Go does")]
    [TestCase("{{ html .Values.nope }} {{ js .Values.nope }} {{ urlquery .Values.nope }} {{ html 1 .Values.nope }}",
        "&lt;no value&gt; \\u003Cno value\\u003E %3Cno+value%3E 1&lt;no value&gt;", TestName = "html, js and urlquery read nil as <no value>, as Go's evalArgs")]
    [TestCase("{{ eq .Values.nope \"x\" }}", "false")]
    [TestCase("{{ with .Values.nope }}x{{ else }}none{{ end }}", "none")]
    public void MissingKeys(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [Test]
    public void NullDataIsAllMissing() => Assert.That(Render.Of("[{{ . }}{{ .a.b }}]", null), Is.EqualTo("[]"));

    [TestCase("{{ .Values.nope.tag }}", 1, 4, "nil pointer evaluating interface {}.tag: .Values.nope is missing")]
    [TestCase("{{ .Values.nope.deeper.still }}", 1, 4, "nil pointer evaluating interface {}.deeper")]
    [TestCase("{{ .nope.Values }}", 1, 4, "nil pointer evaluating interface {}.Values: .nope is missing")]
    [TestCase("{{ .run.ID }}", 1, 4, "nil pointer evaluating interface {}.ID: .run is missing or null (names are case-sensitive)")]
    [TestCase("{{ .Values.null.x }}", 1, 4, "nil pointer evaluating interface {}.x")]
    [TestCase("x\n  {{ .Values.nope.tag | default \"d\" }}", 2, 6, "nil pointer evaluating interface {}.tag")]
    [TestCase("{{ $v := .Values }}{{ $v.nope.x }}", 1, 23, "nil pointer evaluating interface {}.x: $v.nope is missing")]
    [TestCase("{{ range .l }}{{ .x }}{{ end }}", 1, 18, "nil pointer evaluating interface {}.x: . is missing")]
    [TestCase("{{ range $e := .l }}{{ $e.x }}{{ end }}", 1, 24, "nil pointer evaluating interface {}.x: $e is missing")]
    public void FieldOfAMissingValueIsGosNilPointerError(string template, int line, int column, string message)
    {
        var data = new Dictionary<string, object?>(Data) { ["l"] = new List<object?> { null } };
        var e = Render.Failure(template, data);
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("TPL005", line, column)));
        Assert.That(e.Message, Does.StartWith(message));
    }

    [TestCase("[{{ $x := .Values.nope }}{{ $x.y }}]", TestName = "a nil variable is an untyped nil: its fields are nil, as in Go")]
    [TestCase("[{{ (.Values.nope).y }}]", TestName = "a nil parenthesized pipeline is an untyped nil")]
    [TestCase("[{{ define \"t\" }}{{ .y.z }}{{ end }}{{ template \"t\" .Values.nope }}]", TestName = "a nil template argument is an untyped nil")]
    [TestCase("[{{ range .l }}{{ . }}{{ template \"t\" . }}{{ end }}{{ define \"t\" }}{{ .y }}{{ end }}]", TestName = "a nil range element passed on is an untyped nil")]
    public void FieldOfAnUntypedNilIsNil(string template)
    {
        var data = new Dictionary<string, object?>(Data) { ["l"] = new List<object?> { null } };
        Assert.That(Render.Of(template, data), Is.EqualTo("[]"));
    }

    [Test]
    public void FieldOfAStringIsAnError()
    {
        var e = Render.Failure("{{ .Values.set.more }}", Data);
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("TPL005", 1, 4)));
        Assert.That(e.Message, Does.Contain("can't evaluate field more in type string"));
    }
}
