namespace TaskRunner.Templating.Tests;

public class SmokeTests
{
    [TestCase("a{{ .x }}b", "a1b")]
    [TestCase("{{ .missing }}|{{ .missing.deeper }}", "|")]
    [TestCase("{{ \"abc\" | upper | printf \"%s-%d\" 3 }}", "%!s(int=3)-%!d(string=ABC)")]
    [TestCase("{{ printf \"%5.2f|%q|%v|%x\" 3.14159 \"hi\" .l 255 }}", " 3.14|\"hi\"|[1 two]|ff")]
    [TestCase("{{ range $i, $e := .l }}{{$i}}={{$e}};{{ end }}", "0=1;1=two;")]
    [TestCase("{{ range $k, $v := .m }}{{$k}}={{$v}};{{ else }}none{{ end }}", "a=1;b=2;")]
    [TestCase("{{ range 3 }}{{.}}{{ end }}", "012")]
    [TestCase("{{23 -}} < {{- 45}}", "23<45")]
    [TestCase("{{-3}}", "-3")]
    [TestCase("{{ if eq .x 1 2 }}yes{{ else if .y }}y{{ else }}no{{ end }}", "yes")]
    [TestCase("{{ add .s 1 }} {{ 1.0 }} {{ 1e6 }} {{ div 7 2 }}", "3 1 1e+06 3")]
    [TestCase("{{ now | date \"2006-01-02T15:04:05Z07:00 Jan Mon\" }}", "2010-05-20T13:14:22Z May Thu")]
    [TestCase("{{ toJson .m }} {{ .m }} {{ dict \"k\" \"<v>\" | toJson }}", "{\"a\":1,\"b\":2} map[a:1 b:2] {\"k\":\"\\u003cv\\u003e\"}")]
    [TestCase("{{ (split \":\" \"a:b\")._1 }} {{ index .l 1 }} {{ (index .ml 0).k }}", "b two v")]
    [TestCase("{{define \"t\"}}[{{.}}]{{end}}{{template \"t\" .x}}{{block \"b\" 2}}<{{.}}>{{end}}", "[1]<2>")]
    [TestCase("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2")]
    [TestCase("{{ range .sl }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a")]
    public void Renders(string template, string expected)
    {
        var data = Render.Map(("x", 1L), ("s", "2"), ("l", new List<object?> { 1L, "two" }), ("m", Render.Map(("b", 2L), ("a", 1L))),
            ("ml", new List<object?> { Render.Map(("k", "v")) }), ("sl", new List<object?> { "a", "b", "c" }));
        Assert.That(Render.Of(template, data), Is.EqualTo(expected));
    }
}
