namespace TaskRunner.Templating.Tests;

/// <summary>Errors carry a stable code, a message that says what to do, and the 1-based line and column in the text given.</summary>
public class ErrorTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(("sl", new List<object?> { "a" }), ("s", "x"));

    [TestCase("line1\n  {{ .x", "TPL001", 2, 3, "unclosed action")]
    [TestCase("{{ .x }", "TPL001", 1, 7, "an action ends with \"}}\"")]
    [TestCase("a {{/* never closed", "TPL001", 1, 3, "unclosed comment")]
    [TestCase("{{/* c */ x }}", "TPL001", 1, 8, "comment ends before closing delimiter")]
    [TestCase("{{ end }}", "TPL001", 1, 4, "unexpected {{end}}")]
    [TestCase("x\n{{ else }}", "TPL001", 2, 4, "unexpected {{else}}")]
    [TestCase("a\n{{ if .x }}\nb", "TPL001", 2, 4, "never closed")]
    [TestCase("{{ range .sl }}{{ if . }}{{ end }}", "TPL001", 1, 4, "{{range}} at line 1 is never closed")]
    [TestCase("{{ if .x }}a{{ else }}b{{ else }}c{{ end }}", "TPL001", 1, 4, "two {{else}}")]
    [TestCase("{{ \"abc }}", "TPL001", 1, 4, "unterminated quoted string")]
    [TestCase("{{ (upper \"a\" }}", "TPL001", 1, 15, "unclosed left parenthesis")]
    [TestCase("{{ upper \"a\") }}", "TPL001", 1, 13, "unexpected right parenthesis")]
    [TestCase("{{ 1 | 2 }}", "TPL001", 1, 8, "non executable command")]
    [TestCase("{{ }}", "TPL001", 1, 4, "missing value for command")]
    [TestCase("{{ if }}{{ end }}", "TPL001", 1, 7, "missing value for if")]
    [TestCase("{{ 1x }}", "TPL001", 1, 4, "bad number syntax")]
    [TestCase("{{ 99999999999999999999 }}", "TPL001", 1, 4, "integer overflow")]
    [TestCase("{{ # }}", "TPL001", 1, 4, "unrecognized character")]
    [TestCase("{{ $a, $b := .sl }}", "TPL001", 1, 6, "only range declares two variables")]
    [TestCase("{{ template nope }}", "TPL001", 1, 13, "quoted template name")]
    [TestCase("{{ if true }}{{ define \"x\" }}{{ end }}{{ end }}", "TPL001", 1, 17, "only allowed at the top level")]
    public void SyntaxErrors(string template, string code, int line, int column, string message) =>
        Check(Render.Failure(template, Data), code, line, column, message);

    [TestCase("a\n{{ nosuch 1 }}", "TPL002", 2, 4, "function \"nosuch\" not defined")]
    [TestCase("{{ if false }}{{ nosuch }}{{ end }}", "TPL002", 1, 18, "not defined")]
    public void UnknownFunctionsFailAtParseTimeEvenInBranchesNotTaken(string template, string code, int line, int column, string message) =>
        Check(Render.Failure(template, Data), code, line, column, message);

    [TestCase("{{ upper \"a\" \"b\" }}", "TPL003", 1, 4, "wrong number of args for upper: want 1 got 2")]
    [TestCase("{{ \"b\" | replace \"a\" }}", "TPL003", 1, 10, "wrong number of args for replace: want 3 got 2")]
    [TestCase("{{ upper 5 }}", "TPL003", 1, 4, "error calling upper: first argument must be a string, got int 5")]
    [TestCase("{{ \"x\" | .s }}", "TPL003", 1, 10, "can't give argument to non-function .s")]
    [TestCase("{{ .s 1 }}", "TPL003", 1, 4, "can't give argument to non-function .s")]
    [TestCase("{{ 1 2 }}", "TPL003", 1, 4, "can't give argument to non-function 1")]
    public void ArgumentErrors(string template, string code, int line, int column, string message) =>
        Check(Render.Failure(template, Data), code, line, column, message);

    [TestCase("ok\n  {{ index .sl 5 }}", "TPL005", 2, 6, "error calling index: index out of range: 5")]
    [TestCase("{{ div 1 0 }}", "TPL005", 1, 4, "error calling div: runtime error: integer divide by zero")]
    [TestCase("{{ range .s }}{{ end }}", "TPL005", 1, 4, "range can't iterate over x")]
    [TestCase("{{ template \"nope\" }}", "TPL005", 1, 4, "no such template \"nope\"")]
    [TestCase("{{ nil }}", "TPL001", 1, 4, "nil is not a command")]
    [TestCase("{{ range $i, $e := 3 }}{{ end }}", "TPL005", 1, 4, "can't use two variables")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}{{ deepCopy $d }}", "TPL005", 1, 54, "error calling deepCopy: the value nests too deeply")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}{{ merge (dict) $d }}", "TPL005", 1, 51, "cannot print the value: it nests too deeply")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}{{ $d }}", "TPL005", 1, 51, "cannot print the value: it nests too deeply")]
    [TestCase("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}{{ toJson $d }}", "TPL005", 1, 54, "error calling toJson: the value nests too deeply")]
    public void ExecutionErrors(string template, string code, int line, int column, string message) =>
        Check(Render.Failure(template, Data), code, line, column, message);

    [Test]
    public void ParseErrorsComeFromParseNotRender()
    {
        Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{ if }}"));
        Assert.DoesNotThrow(() => GoTemplate.Parse("{{ index .sl 5 }}"), "execution errors wait for Render");
    }

    [Test]
    public void ColumnsCountFromTheLineStartAfterCrLf()
    {
        var e = Render.Failure("a\r\nbc {{ nosuch }}");
        Assert.That((e.Line, e.Column), Is.EqualTo((2, 7)));
    }

    [Test]
    public void CustomDelimiterErrorsNameTheDelimiter()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("<< .x", new TemplateOptions { LeftDelimiter = "<<", RightDelimiter = ">>" }));
        Assert.That(e!.Message, Does.Contain("\">>\""));
    }

    private static void Check(TemplateException e, string code, int line, int column, string message)
    {
        Assert.That(e.Message, Does.Contain(message));
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo((code, line, column)), e.Message);
        Assert.That(e.Message, Does.Not.Contain("   at "), "messages carry no stack trace");
    }
}
