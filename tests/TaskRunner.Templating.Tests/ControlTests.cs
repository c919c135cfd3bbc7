namespace TaskRunner.Templating.Tests;

/// <summary>if / else if / else, with / else with, range (lists, maps, integers, else, break, continue), define/template/block.</summary>
public class ControlTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(
        ("x", 1L),
        ("zero", 0L),
        ("sl", new List<object?> { "a", "b", "c" }),
        ("empty", new List<object?>()),
        ("m", Render.Map(("b", 2L), ("a", 1L), ("c", 3L))));

    [TestCase("{{ if .x }}yes{{ end }}", "yes")]
    [TestCase("{{ if .zero }}yes{{ else }}no{{ end }}", "no")]
    [TestCase("{{ if .zero }}1{{ else if .missing }}2{{ else if .x }}3{{ else }}4{{ end }}", "3")]
    [TestCase("{{ if .zero }}1{{ else if .missing }}2{{ else }}4{{ end }}", "4")]
    [TestCase("{{ if and .x (not .zero) }}ok{{ end }}", "ok")]
    [TestCase("{{ with .m.b }}{{ . }}{{ end }}", "2")]
    [TestCase("{{ with .missing }}x{{ else }}y{{ end }}", "y")]
    [TestCase("{{ with .missing }}x{{ else with .x }}{{ . }}{{ end }}", "1")]
    [TestCase("{{ with .missing }}x{{ else with .zero }}y{{ else }}z{{ end }}", "z")]
    public void Branches(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ range .sl }}{{ . }}{{ end }}", "abc")]
    [TestCase("{{ range $e := .sl }}{{ $e }}{{ end }}", "abc")]
    [TestCase("{{ range $i, $e := .sl }}{{ $i }}{{ $e }} {{ end }}", "0a 1b 2c ")]
    [TestCase("{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}", "a=1;b=2;c=3;", TestName = "maps range in sorted key order")]
    [TestCase("{{ range .m }}{{ . }}{{ end }}", "123")]
    [TestCase("{{ range .empty }}x{{ else }}empty{{ end }}", "empty")]
    [TestCase("{{ range .missing }}x{{ else }}none{{ end }}", "none")]
    [TestCase("{{ range 3 }}{{ . }}{{ end }}", "012", TestName = "range over an integer as Go 1.22")]
    [TestCase("{{ range $i := 2 }}{{ $i }}{{ end }}", "01")]
    [TestCase("{{ range 0 }}x{{ else }}none{{ end }}", "none")]
    [TestCase("{{ range .sl }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a")]
    [TestCase("{{ range .sl }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac")]
    [TestCase("{{ range .sl }}{{ range $.sl }}{{ break }}{{ end }}{{ . }}{{ end }}", "abc", TestName = "break leaves only the innermost range")]
    [TestCase("{{ range .sl }}{{ with . }}{{ if eq . \"a\" }}{{ continue }}{{ end }}{{ . }}{{ end }}{{ end }}", "bc")]
    [TestCase("{{ range (until 3) }}{{ . }}{{ end }}", "012")]
    public void Ranges(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" .x }}{{ template \"t\" }}", "[1][]")]
    [TestCase("{{ block \"b\" .x }}<{{ . }}>{{ end }}", "<1>")]
    [TestCase("{{ define \"b\" }}over{{ end }}{{ block \"b\" . }}default{{ end }}", "default", TestName = "block defined later replaces an earlier define as in Go's parse order")]
    [TestCase("{{ define \"t\" }}{{ $.x }}{{ end }}{{ template \"t\" . }}", "1")]
    public void Templates(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [Test]
    public void RecursiveTemplateStopsWithAnError()
    {
        var e = Render.Failure("{{ define \"r\" }}{{ template \"r\" }}{{ end }}{{ template \"r\" }}");
        Assert.That(e.Code, Is.EqualTo("TPL005"));
        Assert.That(e.Message, Does.Contain("maximum template depth"));
    }

    [TestCase("{{ break }}")]
    [TestCase("{{ if true }}{{ continue }}{{ end }}")]
    public void BreakAndContinueOutsideRangeAreSyntaxErrors(string template) =>
        Assert.That(Render.Failure(template).Code, Is.EqualTo("TPL001"));

    [Test]
    public void RangeOverAStringIsAnError() =>
        Assert.That(Render.Failure("{{ range \"abc\" }}{{ end }}").Code, Is.EqualTo("TPL005"));
}
