using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using TaskRunner.Tasks.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Tests;

/// <summary>schemas/acr-task.schema.json accepts every sample and rejects every invalid fixture, like the validator.</summary>
public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repository.Path("schemas", "acr-task.schema.json"))));

    public static IEnumerable<string> Samples() =>
        Directory.GetFiles(Repository.Path("samples"), "acr-task.yaml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Repository.Path(), p)).Order();

    public static IEnumerable<string> InvalidFixtures() =>
        Directory.GetFiles(Repository.Path("tests", "fixtures", "invalid"), "*.yaml").Select(Path.GetFileName).Order()!;

    [TestCaseSource(nameof(Samples))]
    public void Schema_accepts_the_rendered_sample(string relative)
    {
        var path = Repository.Path(relative);
        var result = TaskLoader.Load(new LoadRequest { File = path, Run = new RunContext { Id = "r1", Registry = "127.0.0.1:5000" } });
        Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics));
        var evaluation = Schema.Value.Evaluate(ToJson(result.RenderedText!), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.That(evaluation.IsValid, Is.True, Describe(evaluation));
    }

    [TestCaseSource(nameof(InvalidFixtures))]
    public void Schema_and_validator_both_reject_the_invalid_fixture(string name)
    {
        var path = Repository.Path("tests", "fixtures", "invalid", name);
        var evaluation = Schema.Value.Evaluate(ToJson(File.ReadAllText(path)), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.That(evaluation.IsValid, Is.False, "the schema accepted it");
        var result = TaskLoader.Load(new LoadRequest { File = path });
        Assert.That(result.HasErrors, Is.True, "the validator accepted it");
    }

    [Test]
    public void Every_step_property_the_reader_knows_is_described()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Repository.Path("schemas", "acr-task.schema.json")));
        var properties = schema.RootElement.GetProperty("$defs").GetProperty("step").GetProperty("properties");
        foreach (var key in Loading.Yaml.KnownKeys.Step)
        {
            Assert.That(properties.TryGetProperty(key, out var property), Is.True, key);
            Assert.That(property.TryGetProperty("description", out _), Is.True, key);
        }
        var taskProperties = schema.RootElement.GetProperty("properties");
        foreach (var key in Loading.Yaml.KnownKeys.Task)
            Assert.That(taskProperties.TryGetProperty(key, out _), Is.True, key);
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    private static JsonElement ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var node = Convert(stream.Documents[0].RootNode);
        return JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement.Clone();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode s when s.Style is ScalarStyle.Plain && s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode s when s.Style is ScalarStyle.Plain && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode s when s.Style is ScalarStyle.Plain && s.Value is null or "" or "~" or "null" => null,
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
