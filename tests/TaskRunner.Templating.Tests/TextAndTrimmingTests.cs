namespace TaskRunner.Templating.Tests;

/// <summary>Text outside actions, trim markers, comments and custom delimiters (Go's lexer rules).</summary>
public class TextAndTrimmingTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(("x", 1L), ("s", "str"));

    [TestCase("plain text with } and }} and {", "plain text with } and }} and {")]
    [TestCase("", "")]
    [TestCase("a{{ .x }}b", "a1b")]
    [TestCase("a  {{- .x }}  b", "a1  b")]
    [TestCase("a  {{ .x -}}  \n b", "a  1b")]
    [TestCase("a \t\r\n {{- .x -}} \t\r\n b", "a1b")]
    [TestCase("{{23 -}} < {{- 45}}", "23<45")]
    [TestCase("{{-3}}", "-3")]
    [TestCase("{{ -3 }}", "-3")]
    [TestCase("{{3 -}}  x", "3x")]
    [TestCase("line1\n{{- /* gone */ -}}\nline2", "line1line2")]
    [TestCase("x{{/* a comment\nover lines */}}y", "xy")]
    [TestCase("x {{- /* c */}} y", "x y")]
    [TestCase("x {{/* c */ -}} y", "x y")]
    [TestCase("{{ printf\n  \"%s-%d\"\n  .s\n  .x }}", "str-1")]
    [TestCase("{{ \"}}\" }}", "}}")]
    [TestCase("{{ `raw {{ \\n` }}", "raw {{ \\n")]
    public void Renders(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("<< .x >>", "1")]
    [TestCase("{{ .x }} << .s >>", "{{ .x }} str")]
    [TestCase("a  <<- .x ->>  b", "a1b")]
    [TestCase("a<</* c */>>b", "ab")]
    [TestCase("<< if .x >>yes<< end >>", "yes")]
    public void CustomDelimiters(string template, string expected) =>
        Assert.That(Render.Of(template, Data, "<<", ">>"), Is.EqualTo(expected));

    [Test]
    public void LongerDelimitersWork() =>
        Assert.That(Render.Of("[[% .s %]] {{ .s }}", Data, "[[%", "%]]"), Is.EqualTo("str {{ .s }}"));

    [Test]
    public void TrimMarkerNeedsTheSpace() =>
        // "{{-.x}}" is not a trim marker: the action starts with '-', which begins a number, and ".x" is no number.
        Assert.That(Render.Failure("a {{-.x}}", Data).Code, Is.EqualTo("TPL001"));
}
