using System.Text.RegularExpressions;
using TaskRunner.Templating;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// A scalar resolved as acb's YAML library (yaml.v2, YAML 1.1) resolves it: y/yes/on/true... are booleans,
/// ~/null/empty is null, .inf/.nan are floats, integers take Go's base prefixes (0x1F, 010 octal, 0b101) and '_'
/// separators, other numbers are floats (08 is 8.0); timestamps and everything else stay strings. Quoted and block
/// scalars, and !!str, are always strings.
/// </summary>
public static partial class Yaml11Scalar
{
    public static bool IsQuoted(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded
        || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str");

    /// <summary>The value: null, bool, long, ulong, double or string.</summary>
    public static object? Resolve(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (IsQuoted(scalar)) return value;
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
                if (YamlStyleFloat().IsMatch(plain) && GoStrconv.ParseFloat(plain) is { } number) return number;
                return value;
            default:
                return value;
        }
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();
}
