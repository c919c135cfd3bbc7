using System.Globalization;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// Reads typed values out of YAML nodes with acb's leniency (any scalar where a string is expected; yaml.v2's
/// booleans), reporting a wrong type as a diagnostic at the node's position in the original file.
/// </summary>
internal sealed class NodeReader
{
    private readonly Func<int, int, SourceSpan> _map;

    public NodeReader(Func<int, int, SourceSpan> map, DiagnosticBag diagnostics)
    {
        _map = map;
        Diagnostics = diagnostics;
    }

    public DiagnosticBag Diagnostics { get; }

    public SourceSpan Span(YamlNode node) =>
        // A single-pair mapping in a flow sequence ([a: b]) has no position of its own: it is where its key is.
        node.Start.Equals(Mark.Empty) && node.End.Equals(Mark.Empty) && node is YamlMappingNode { Children.Count: > 0 } pair
            ? Span(pair.Children.First().Key)
            : _map((int)node.Start.Line, (int)node.Start.Column);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && (Yaml11Scalar.ExplicitTag(s) is null
            ? s.Style is ScalarStyle.Plain or ScalarStyle.Any && s.Value is null or "" or "~" or "null" or "Null" or "NULL"
            : Yaml11Scalar.ExplicitTag(s) == "!!null" && s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>
    /// The scalar resolved as yaml.v2 resolves it, or null with an error where its text does not fit its explicit tag
    /// (acb fails the whole file: "yaml: cannot decode !!str `abc` as a !!int").
    /// </summary>
    private bool TryResolve(YamlScalarNode scalar, string key, out object? value)
    {
        try
        {
            value = Yaml11Scalar.Resolve(scalar);
            return true;
        }
        catch (InvalidDataException e)
        {
            Diagnostics.Error(Span(scalar), DiagnosticCodes.WrongType, $"'{key}': {e.Message}");
            value = null;
            return false;
        }
    }

    /// <summary>Each key of a mapping with its value; unknown keys are warned about with a suggestion.</summary>
    public IEnumerable<(string Key, YamlNode Value, SourceSpan KeySpan)> Entries(YamlMappingNode mapping, IReadOnlyList<string> known, string where)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (LenientYaml.OverriddenName(key) is not null || FailedMerge(keyNode)) continue;
            var span = Span(keyNode);
            if (!known.Contains(key))
            {
                var suggestion = KnownKeys.Suggest(key, known);
                Diagnostics.Warning(span, DiagnosticCodes.UnknownKey,
                    $"unknown key '{key}' in {where}; ACR ignores it" + (suggestion is null ? "" : $". Did you mean '{suggestion}'?"));
                continue;
            }
            yield return (key, value, span);
        }
    }

    /// <summary>
    /// Reports a merge of something else than mappings (kept by <see cref="LenientYaml.Load"/>, the key at the value in
    /// the wrong) and returns true, as acb fails on it where it decodes the mapping; false for any other key.
    /// </summary>
    public bool FailedMerge(YamlNode keyNode)
    {
        if (!MergeKeys.IsFailedMerge((keyNode as YamlScalarNode)?.Value)) return false;
        Diagnostics.Error(Span(keyNode), DiagnosticCodes.YamlSyntax, "invalid YAML after rendering: " + MergeKeys.NotAMap);
        return true;
    }

    /// <summary>
    /// The earlier copies of keys written twice in a mapping (kept by <see cref="LenientYaml.Load"/>), in the order
    /// written, each with its key name.
    /// </summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Overridden(YamlMappingNode mapping)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (LenientYaml.OverriddenName((keyNode as YamlScalarNode)?.Value) is { } name) yield return (name, keyNode, value);
        }
    }

    public string? String(YamlNode node, string key)
    {
        if (IsNull(node)) return null;
        if (node is YamlScalarNode scalar)
        {
            try
            {
                return Yaml11Scalar.Text(scalar);
            }
            catch (InvalidDataException e)
            {
                Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}': {e.Message}");
                return null;
            }
        }
        Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}' must be a string, not a {Kind(node)}");
        return null;
    }

    /// <summary>
    /// true or false as acb's YAML library reads them (yes/no, on/off, y/n in any of YAML 1.1's spellings); quoted text
    /// is an error, as it is for acb ("cannot unmarshal !!str").
    /// </summary>
    public bool Bool(YamlNode node, string key)
    {
        if (IsNull(node)) return false;
        if (node is YamlScalarNode scalar)
        {
            if (!TryResolve(scalar, key, out var resolved)) return false;
            if (resolved is bool flag) return flag;
            if (Yaml11Scalar.IsQuoted(scalar) && Yaml11Scalar.Resolve(new YamlScalarNode(scalar.Value)) is bool)
            {
                Diagnostics.Error(Span(node), DiagnosticCodes.WrongType,
                    $"'{key}' is quoted text, which ACR cannot read as true or false; write {key}: {scalar.Value} without quotes");
                return false;
            }
        }
        Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}' must be true or false, not '{Describe(node)}'");
        return false;
    }

    /// <summary>
    /// A whole number as acb's YAML library reads it into an int: Go's base prefixes (0x10, 010 octal, 0b101) and '_'
    /// separators, and a float truncated toward zero (30.5 is 30, 1e3 is 1000). Quoted text is an error, as for acb.
    /// </summary>
    public Located<int>? Int(YamlNode node, string key)
    {
        if (IsNull(node)) return null;
        if (node is YamlScalarNode scalar)
        {
            if (!TryResolve(scalar, key, out var resolved)) return null;
            switch (resolved)
            {
                case long whole and >= int.MinValue and <= int.MaxValue:
                    return new Located<int>((int)whole, Span(node));
                case double real when double.IsFinite(real) && Math.Truncate(real) is >= int.MinValue and <= int.MaxValue:
                    return new Located<int>((int)Math.Truncate(real), Span(node));
                case long or ulong or double:
                    Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}' is out of range: '{scalar.Value}'");
                    return null;
                case string text when Yaml11Scalar.IsQuoted(scalar) && Yaml11Scalar.Resolve(new YamlScalarNode(text)) is long or double:
                    Diagnostics.Error(Span(node), DiagnosticCodes.WrongType,
                        $"'{key}' is quoted text, which ACR cannot read as a number; write {key}: {text} without quotes");
                    return null;
            }
        }
        Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}' must be a whole number of seconds or times, not '{Describe(node)}'");
        return null;
    }

    /// <summary>A list of scalars; a scalar where a list is expected is an error, as in acb.</summary>
    public IReadOnlyList<Located<string>> StringList(YamlNode node, string key)
    {
        if (IsNull(node)) return [];
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<Located<string>>();
            foreach (var item in sequence.Children)
            {
                if (item is YamlScalarNode scalar) items.Add(new Located<string>(String(scalar, key) ?? "", Span(item)));
                else Diagnostics.Error(Span(item), DiagnosticCodes.WrongType, $"each entry of '{key}' must be a string, not a {Kind(item)}");
            }
            return items;
        }
        Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, node is YamlScalarNode text
            ? $"'{key}' must be a list, but it is the text '{text.Value}'; write it as '{key}: [{text.Value}]' or one '- {text.Value}' per line"
            : $"'{key}' must be a list, not a {Kind(node)}");
        return [];
    }

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping) return mapping;
        if (!IsNull(node)) Diagnostics.Error(Span(node), DiagnosticCodes.NotAMapping, $"{what} must be a mapping of keys to values, not a {Kind(node)}");
        return null;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string key)
    {
        if (IsNull(node)) return [];
        if (node is YamlSequenceNode sequence) return sequence.Children.ToList();
        Diagnostics.Error(Span(node), DiagnosticCodes.WrongType, $"'{key}' must be a list, not a {Kind(node)}");
        return [];
    }

    public static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };

    private static string Describe(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : Kind(node);
}
