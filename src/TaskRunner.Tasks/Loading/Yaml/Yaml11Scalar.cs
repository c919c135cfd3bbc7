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
/// An explicit tag is honoured as yaml.v2 honours it: !!int, !!float, !!bool and !!null resolve the text (quoted or
/// not) and fail when it is not of that type (a !!float takes an integer too); !!binary is base64, decoded to text;
/// any other tag (!x, !!foo, !!timestamp) leaves the text as it is.
/// </summary>
public static partial class Yaml11Scalar
{
    private const string Prefix = "tag:yaml.org,2002:";

    /// <summary>The scalar's explicit tag as yaml.v2 names it (!!int, !!str, !x), or null when it has none.</summary>
    public static string? ExplicitTag(YamlScalarNode scalar)
    {
        if (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific) return null;
        var tag = scalar.Tag.Value;
        return tag.StartsWith(Prefix, StringComparison.Ordinal) ? "!!" + tag[Prefix.Length..] : tag;
    }

    public static bool IsQuoted(YamlScalarNode scalar) =>
        ExplicitTag(scalar) is { } tag
            ? tag is not ("!!int" or "!!float" or "!!bool" or "!!null")
            : scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;

    /// <summary>
    /// The text a string field receives (yaml.v2 keeps a scalar's text as written there): a !!binary is decoded, and an
    /// explicit !!int, !!float, !!bool or !!null must still fit its tag.
    /// </summary>
    /// <exception cref="InvalidDataException">The text does not fit its explicit tag.</exception>
    public static string Text(YamlScalarNode scalar)
    {
        if (ExplicitTag(scalar) is "!!binary") return DecodeBinary(scalar.Value ?? "");
        if (ExplicitTag(scalar) is "!!int" or "!!float" or "!!bool" or "!!null") Resolve(scalar);
        return scalar.Value ?? "";
    }

    /// <summary>The value: null, bool, long, ulong, double or string.</summary>
    /// <exception cref="InvalidDataException">The text does not fit its explicit tag (yaml.v2: "cannot decode !!str `abc` as a !!int").</exception>
    public static object? Resolve(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = ExplicitTag(scalar);
        switch (tag)
        {
            case null:
                return IsQuoted(scalar) ? value : ResolvePlain(value);
            case "!!binary":
                return DecodeBinary(value);
            case "!!int" or "!!float" or "!!bool" or "!!null":
                var resolved = ResolvePlain(value);
                var actual = resolved switch
                {
                    null => "!!null",
                    bool => "!!bool",
                    long or ulong => "!!int",
                    double => "!!float",
                    _ => "!!str",
                };
                if (actual == tag) return resolved;
                if (tag == "!!float" && resolved is long whole) return (double)whole;
                if (tag == "!!float" && resolved is ulong large) return (double)large;
                throw new InvalidDataException($"cannot decode {actual} `{value}` as a {tag}");
            default:
                return value;
        }
    }

    private static string DecodeBinary(string text)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw new InvalidDataException("!!binary value contains invalid base64 data");
        }
    }

    private static object? ResolvePlain(string value)
    {
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
