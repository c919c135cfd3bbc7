namespace TaskRunner.Templating.Tests;

/// <summary>Variables: declaration, assignment, $ as root, and scoping to the enclosing control structure.</summary>
public class VariableTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(("x", 1L), ("m", Render.Map(("a", "A"))), ("sl", new List<object?> { "a", "b" }));

    [TestCase("{{ $v := .x }}{{ $v }}", "1")]
    [TestCase("{{ $v := .m }}{{ $v.a }}", "A")]
    [TestCase("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2")]
    [TestCase("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "21")]
    [TestCase("{{ with .m }}{{ $.x }}{{ .a }}{{ end }}", "1A")]
    [TestCase("{{ if $v := .x }}{{ $v }}{{ end }}", "1")]
    [TestCase("{{ with $v := .m.a }}{{ $v }}{{ . }}{{ end }}", "AA")]
    [TestCase("{{ $n := 0 }}{{ range .sl }}{{ $n = add $n 1 }}{{ end }}{{ $n }}", "2")]
    [TestCase("{{ $v := \"outer\" }}{{ range .sl }}{{ $v := . }}{{ end }}{{ $v }}", "outer")]
    public void Scopes(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ $y }}", 1, 4)]
    [TestCase("{{ $y = 1 }}", 1, 4)]
    [TestCase("{{ range $i, $e := .sl }}{{ end }}{{ $i }}", 1, 38)]
    [TestCase("{{ if true }}{{ $z := 1 }}{{ end }}\n{{ $z }}", 2, 4)]
    public void UndefinedVariablesFailAtParseTime(string template, int line, int column)
    {
        var e = Render.Failure(template, Data);
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("TPL004", line, column)));
        Assert.That(e.Message, Does.Contain("undefined variable"));
    }
}
