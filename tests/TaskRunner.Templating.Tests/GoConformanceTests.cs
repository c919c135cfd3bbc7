namespace TaskRunner.Templating.Tests;

/// <summary>Input/output pairs from Go's own text/template test-suite (exec_test.go), run against this engine.</summary>
public class GoConformanceTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(
        ("SI", new List<object?> { 3L, 4L, 5L }),
        ("SIEmpty", new List<object?>()),
        ("MSI", Render.Map(("one", 1L), ("two", 2L), ("three", 3L))),
        ("MSIone", Render.Map(("one", 1L))),
        ("Uthree", 3UL), ("Ufour", 4UL), ("NegOne", -1L), ("Three", 3L),
        ("I", 17L), ("X", "x"));

    [TestCase("{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", "false 0 0 1")]
    [TestCase("{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", "0 1 true 1")]
    [TestCase("{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", "FALSE")]
    [TestCase("{{or .SI \"slice is empty\"}}", "[3 4 5]")]
    [TestCase("{{or .SIEmpty \"slice is empty\"}}", "slice is empty")]
    [TestCase("{{print 1 2 3}}", "1 2 3")]
    [TestCase("{{print nil}}", "<nil>")]
    [TestCase("{{printf \"%04x\" 127}}", "007f")]
    [TestCase("{{printf \"%g\" 3.5}}", "3.5")]
    [TestCase("{{printf \"%#q\" \"zeroArgs\"}}", "`zeroArgs`")]
    [TestCase("{{\"aaa\"|printf }}", "aaa")]
    [TestCase("{{printf `%T` 0xef}}", "int")]
    [TestCase("{{html \"<script>alert(\\\"XSS\\\");</script>\"}}", "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;")]
    [TestCase("{{printf \"<script>alert(\\\"XSS\\\");</script>\" | html}}", "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;")]
    [TestCase("{{\"http://www.example.org/\"|urlquery}}", "http%3A%2F%2Fwww.example.org%2F")]
    [TestCase("{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}", "true,17")]
    [TestCase("{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", "17,true")]
    [TestCase("{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", "3")]
    [TestCase("{{with 1.5}}{{.}}{{else}}ZERO{{end}}", "1.5")]
    [TestCase("{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}", "map[one:1]")]
    [TestCase("{{with $x := $}}{{$y := $.X}}{{$y}}{{end}}", "x")]
    [TestCase("{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}", "-3--4--5-")]
    [TestCase("{{range .MSI}}-{{.}}-{{end}}", "-1--3--2-")]
    [TestCase("{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}", "<0=3><1=4><2=5>")]
    [TestCase("{{range $x := .MSIone}}<{{$x}}>{{end}}", "<1>")]
    [TestCase("{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}", "<one=1>")]
    [TestCase("{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}", "<3><4><5>")]
    [TestCase("{{index .MSI `two`}} [{{index .MSI `XXX`}}]", "2 []")]
    [TestCase("{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", "1 5 15")]
    [TestCase("{{($).X}}", "x")]
    [TestCase("{{(dict \"up\" \"down\" \"left\" \"right\").left}}", "right")]
    public void ExecCases(string template, string expected) =>
        Assert.That(Render.Of(template, Data), Is.EqualTo(expected));

    [TestCase("eq .Uthree .Three", "true")]
    [TestCase("eq .Three .Uthree", "true")]
    [TestCase("lt .NegOne .Uthree", "true")]
    [TestCase("gt .Uthree .NegOne", "true")]
    [TestCase("eq .NegOne .Uthree", "false")]
    [TestCase("ge .Ufour .Three", "true")]
    [TestCase("le `xy` `xyz`", "true")]
    [TestCase("eq 3 4 5 6 3", "true")]
    [TestCase("eq (index `x` 0) 'x'", "true")]
    [TestCase("le 2.5 1.5", "false")]
    public void Comparisons(string expression, string expected) =>
        Assert.That(Render.Of("{{if " + expression + "}}true{{else}}false{{end}}", Data), Is.EqualTo(expected));

    [TestCase("eq `xy` 1")]
    [TestCase("eq 2 2.0")]
    [TestCase("lt true true")]
    [TestCase("len 3")]
    [TestCase("index .SI 10")]
    [TestCase("index .SI `hello`")]
    [TestCase("index .SI nil")]
    [TestCase("index .MSI 10")]
    [TestCase("index nil 1")]
    [TestCase("true | printf")]
    [TestCase("3 2")]
    public void ErrorCases(string expression) =>
        Assert.Throws<TemplateException>(() => Render.Of("{{" + expression + "}}", Data));

    [TestCase("{{if nil}}{{end}}")]
    [TestCase("{{$x := 1}}{{$x 2}}")]
    [TestCase("{{$x := 1}}{{3 | $x}}")]
    [TestCase("{{$x := (1.0)}}{{$x.anything}}")]
    public void ErrorTemplates(string template) =>
        Assert.Throws<TemplateException>(() => Render.Of(template, Data));

    [TestCase("{{", "}}")]
    [TestCase("<<", ">>")]
    [TestCase("|", "|")]
    [TestCase("(日)", "(本)")]
    public void Delimiters(string left, string right)
    {
        var text = left + ".X" + right + left + "/*comment*/" + right + left + "\"" + left + "\"" + right;
        Assert.That(Render.Of(text, Data, left, right), Is.EqualTo("x" + left));
    }

    [Test]
    public void RecursiveTreeWithParenthesisDelimitersAndTrimming()
    {
        static Dictionary<string, object?> Node(long value, Dictionary<string, object?>? left = null, Dictionary<string, object?>? right = null) =>
            Render.Map(("Val", value), ("Left", left), ("Right", right));
        var tree = Node(1, Node(2, Node(3, Node(4)), Node(5, Node(6))), Node(7, Node(8, Node(9)), Node(10, Node(11))));
        const string template = """

            (- define "tree" -)
            [
                (- .Val -)
                (- with .Left -)
                    (template "tree" . -)
                (- end -)
                (- with .Right -)
                    (- template "tree" . -)
                (- end -)
            ]
            (- end -)
            (- template "tree" . -)
            """;
        Assert.That(Render.Of(template, tree, "(", ")"), Is.EqualTo("[1[2[3[4]][5[6]]][7[8[9]][10[11]]]]"));
    }

    [Test]
    public void UnterminatedRawStringPointsAtItsStart()
    {
        var e = Render.Failure("hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n");
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("TPL001", 3, 3)));
    }

    [Test]
    public void ErrorInsideNestedTemplatesPointsAtTheFailingAction()
    {
        const string text = "line 1\nline 2\nline 3\n{{template \"one\" .}}\n{{define \"one\"}}{{template \"two\" .}}{{end}}\n" +
                            "{{define \"two\"}}{{template \"three\" .}}{{end}}\n{{define \"three\"}}{{index \"hi\" $}}{{end}}";
        var e = Render.Failure(text, 5L);
        Assert.That((e.Code, e.Line, e.Column), Is.EqualTo(("TPL005", 7, 21)));
        Assert.That(e.Message, Does.Contain("error calling index: index out of range: 5"));
    }
}
