using TaskRunner.TestSupport;
using BenchmarkDotNet.Attributes;
using TaskRunner.Templating;

namespace TaskRunner.Benchmarks;

/// <summary>
/// Parsing and rendering a task file of about 100 lines with the usual template features (the speed that was once a
/// timed unit test: measured here, where a loaded machine cannot fail a build).
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private string _text = "";
    private GoTemplate _template = null!;
    private Dictionary<string, object?> _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = HundredLineTask.Text();
        _template = GoTemplate.Parse(_text);
        _data = new Dictionary<string, object?>
        {
            ["Run"] = new Dictionary<string, object?> { ["ID"] = "ca12", ["Registry"] = "myregistry.azurecr.io", ["Architecture"] = "amd64", ["Date"] = "20100520-131422z" },
            ["Values"] = new Dictionary<string, object?> { ["image"] = "web", ["replicas"] = "3", ["archs"] = new List<object?> { "amd64", "arm64" }, ["debug"] = "false" },
        };
    }

    [Benchmark]
    public string Render() => _template.Render(_data);

    [Benchmark]
    public string ParseAndRender() => GoTemplate.Parse(_text).Render(_data);
}
