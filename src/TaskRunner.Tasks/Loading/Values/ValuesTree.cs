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
        // Aliases (*name) share one node, which becomes a copy per use: InputLimits bounds the expansion.
        return ToObject(stream.Documents[0].RootNode) switch
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

    /// <summary>The tree as dictionaries, lists and scalars, within <see cref="InputLimits"/> (aliases expanded).</summary>
    public static object? ToObject(YamlNode node) => InputLimits.Convert(node);
}
