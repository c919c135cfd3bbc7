using System.Text.RegularExpressions;
using TaskRunner.Templating;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Values;

/// <summary>
/// <c>.Values</c>: a values file (YAML) read into plain dictionaries, lists and scalars, deep-merged with the
/// <c>--set</c> options (later wins; a map from the file is never replaced by a scalar).
/// </summary>
public static class ValuesTree
{
    public static Dictionary<string, object?> FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0) return new Dictionary<string, object?>(StringComparer.Ordinal);
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
        {
            if (values.TryGetValue(option.Key, out var existing) && existing is Dictionary<string, object?>) continue;
            values[option.Key] = option.Value;
        }
    }

    public static object? ToObject(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? "",
            kv => ToObject(kv.Value),
            StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(ToObject).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>
    /// A plain scalar resolved as acb's yaml.v2 (YAML 1.1) resolves it into interface{}: y/yes/on/true... are booleans,
    /// ~/null/empty is null, .inf/.nan are floats, integers take Go's base prefixes (0x1F, 010 octal, 0b101) and '_'
    /// separators, other numbers are floats (08 is 8.0); timestamps and everything else stay strings. Quoted and block
    /// scalars, and !!str, are always strings.
    /// </summary>
    private static object? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded
            || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str"))
            return value;
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON": return true;
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF": return false;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
        }
        switch (value[0])
        {
            case '.':
                return GoStrconv.ParseFloat(value) is { } fraction ? fraction : value;
            case '+' or '-' or (>= '0' and <= '9'):
                var plain = value.Replace("_", "");
                if (GoStrconv.ParseInt(plain) is { } integer) return integer;
                if (GoStrconv.ParseUint(plain) is { } unsigned) return unsigned;
                if (YamlStyleFloat.IsMatch(plain) && GoStrconv.ParseFloat(plain) is { } number) return number;
                return value;
            default:
                return value;
        }
    }

    private static readonly Regex YamlStyleFloat = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
}
