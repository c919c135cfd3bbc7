namespace TaskRunner.Templating.Tests;

/// <summary>Pipelines, argument order, parentheses, fields, chains and literals.</summary>
public class PipelineTests
{
    private static Dictionary<string, object?> Data() => Render.Map(
        ("x", 1L),
        ("s", "str"),
        ("sl", new List<object?> { "a", "b", "c" }),
        ("m", Render.Map(("a", 1L), ("b", Render.Map(("c", "deep"))))),
        ("ml", new List<object?> { Render.Map(("k", "v0")), Render.Map(("k", "v1")) }),
        ("Run", Render.Map(("ID", "ca1"), ("Registry", "myregistry.azurecr.io"))));

    [TestCase("{{ \"a\" | printf \"%s-%s\" \"b\" }}", "b-a", TestName = "piped value is the last argument")]
    [TestCase("{{ \"abc\" | replace \"b\" \"X\" }}", "aXc")]
    [TestCase("{{ .s | upper | printf \"<%s>\" }}", "<STR>")]
    [TestCase("{{ printf \"%s\" (upper \"a\") }}", "A")]
    [TestCase("{{ (list 1 2 3) | len }}", "3")]
    [TestCase("{{ .Run.ID }}", "ca1")]
    [TestCase("{{ .m.b.c }}", "deep")]
    [TestCase("{{ (index .ml 1).k }}", "v1")]
    [TestCase("{{ (dict \"a\" (dict \"b\" 5)).a.b }}", "5")]
    [TestCase("{{ $.m.a }}", "1")]
    [TestCase("{{ . | len }}", "6")]
    [TestCase("{{ date \"2006\" now }}", "2010", TestName = "a function without arguments can be an argument")]
    [TestCase("{{ .Run.Registry }}/app:{{ .Run.ID }}", "myregistry.azurecr.io/app:ca1")]
    public void Evaluates(string template, string expected) =>
        Assert.That(Render.Of(template, Data()), Is.EqualTo(expected));

    [TestCase("{{ 0x1F }}", "31")]
    [TestCase("{{ 1_000 }}", "1000")]
    [TestCase("{{ 010 }}", "8")]
    [TestCase("{{ 0o17 }}", "15")]
    [TestCase("{{ 0b101 }}", "5")]
    [TestCase("{{ 'a' }}", "97")]
    [TestCase("{{ '\\n' }}", "10")]
    [TestCase("{{ 1.5e3 }}", "1500")]
    [TestCase("{{ 1.0 }}", "1")]
    [TestCase("{{ 1e6 }}", "1e+06")]
    [TestCase("{{ -0.5 }}", "-0.5")]
    [TestCase("{{ 0.000012 }}", "1.2e-05")]
    [TestCase("{{ +7 }}", "7")]
    [TestCase("{{ true }} {{ false }}", "true false")]
    [TestCase("{{ \"tab\\there \\u00e9 \\x41 \\101 \\\"q\\\"\" }}", "tab\there é A A \"q\"")]
    [TestCase("{{ printf \"%T %T %T %T\" 1 1.0 \"s\" true }}", "int float64 string bool")]
    public void Literals(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [Test]
    public void PrintsListsAndMapsAsGo() =>
        Assert.That(Render.Of("{{ .sl }} {{ .m }} {{ list }} {{ dict }}", Data()), Is.EqualTo("[a b c] map[a:1 b:map[c:deep]] [] map[]"));

    [Test]
    public void AcceptsTheDataShapesCallersPass()
    {
        var data = new Dictionary<string, object?>
        {
            ["ro"] = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["k"] = "ro-v" }),
            ["strings"] = new Dictionary<string, string> { ["k"] = "typed-v" },
            ["array"] = new[] { "x", "y" },
            ["ints"] = new List<int> { 1, 2 },
            ["int"] = 7,
            ["dec"] = 2.5m,
            ["obj"] = new { Name = "poco" },
        };
        Assert.That(Render.Of("{{ .ro.k }} {{ .strings.k }} {{ index .array 1 }} {{ .ints }} {{ add .int 1 }} {{ .dec }} {{ .obj.Name }}", data),
            Is.EqualTo("ro-v typed-v y [1 2] 8 2.5 poco"));
    }

    [Test]
    public void ReadOnlyDictionaryOnlyImplementationIsAMap()
    {
        IReadOnlyDictionary<string, object?> data = new OnlyReadOnly(new Dictionary<string, object?> { ["a"] = "1", ["b"] = "2" });
        Assert.That(Render.Of("{{ .a }}{{ range $k, $v := . }} {{ $k }}={{ $v }}{{ end }} {{ len . }}", data), Is.EqualTo("1 a=1 b=2 2"));
    }

    private sealed class OnlyReadOnly(Dictionary<string, object?> inner) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => inner[key];
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<object?> Values => inner.Values;
        public int Count => inner.Count;
        public bool ContainsKey(string key) => inner.ContainsKey(key);
        public bool TryGetValue(string key, out object? value) => inner.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => inner.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Test]
    public void ParsedTemplateRendersManyTimesWithDifferentData()
    {
        var template = GoTemplate.Parse("{{ .v | upper }}");
        Assert.That(template.Render(Render.Map(("v", "a"))), Is.EqualTo("A"));
        Assert.That(template.Render(Render.Map(("v", "b"))), Is.EqualTo("B"));
    }
}
