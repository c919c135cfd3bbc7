using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Values;

/// <summary>
/// <c>.Values</c>: a values file (YAML) read into plain dictionaries, lists and scalars, merged with the <c>--set</c>
/// options as acb merges them: a set key (always a top-level string) replaces whatever the file holds under that key,
/// a map included; a later --set of the same key wins.
/// </summary>
public static class ValuesTree
{
    public static Dictionary<string, object?> FromYaml(string text)
    {
        var stream = Yaml.LenientYaml.Load(text);
        if (stream.Documents.Count == 0) return new Dictionary<string, object?>(StringComparer.Ordinal);
        // Aliases (*name) share one node, which becomes a copy per use: a billion-laughs file would expand without end.
        var budget = new int[] { Yaml.LenientYaml.MaxEvents(text) };
        return ToObject(stream.Documents[0].RootNode, budget) switch
        {
            Dictionary<string, object?> map => map,
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            _ => throw new InvalidDataException("a values file must be a mapping of names to values"),
        };
    }

    public static void Apply(Dictionary<string, object?> values, IEnumerable<SetOption> options)
    {
        foreach (var option in options)
            values[option.Key] = option.Value;
    }

    public static object? ToObject(YamlNode node) => ToObject(node, [int.MaxValue]);

    private static object? ToObject(YamlNode node, int[] budget)
    {
        if (--budget[0] < 0)
            throw new InvalidDataException("the values file expands to too many values through YAML aliases (*name); "
                                           + "acb refuses it too (\"document contains excessive aliasing\")");
        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(
                kv => kv.Key is YamlScalarNode key ? Yaml.Yaml11Scalar.Text(key) : throw new InvalidDataException("a key of the values file is not text"),
                kv => ToObject(kv.Value, budget),
                StringComparer.Ordinal),
            YamlSequenceNode seq => seq.Children.Select(child => ToObject(child, budget)).ToList(),
            YamlScalarNode scalar => Scalar(scalar),
            _ => null,
        };
    }

    /// <exception cref="InvalidDataException">The text does not fit its explicit tag (acb: "failed to deserialize values").</exception>
    private static object? Scalar(YamlScalarNode scalar)
    {
        try
        {
            return Yaml.Yaml11Scalar.Resolve(scalar);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"failed to deserialize values: line {scalar.Start.Line}: {e.Message}");
        }
    }
}
