using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Aliases;

/// <summary>
/// Builds the alias map of a v1.1.0 task from its (rendered) <c>alias:</c> block: <c>values</c> win over <c>src</c>
/// files, a later src over an earlier one, and all of them over the built-ins; <c>directive</c> replaces <c>$</c>.
/// </summary>
public sealed class AliasResolver
{
    private readonly string _left;
    private readonly string _right;
    private readonly Func<string, string?> _readSource;

    /// <param name="readSource">Reads an alias source (a file path or a URL) or returns null when it cannot.</param>
    public AliasResolver(string left, string right, Func<string, string?> readSource)
    {
        _left = left;
        _right = right;
        _readSource = readSource;
    }

    /// <param name="renderedBlock">The alias block after template rendering.</param>
    /// <param name="map">Maps a 1-based line/column of the rendered block to the original file.</param>
    public AliasDefinitions Resolve(string renderedBlock, Func<int, int, SourceSpan> map, DiagnosticBag diagnostics)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var directive = AliasDefinitions.DefaultDirective;
        if (renderedBlock.Trim().Length > 0)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(renderedBlock));
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException)
            {
                var span = e is YamlException y ? map((int)y.Start.Line, (int)y.Start.Column) : map(1, 1);
                diagnostics.Error(span, DiagnosticCodes.InvalidAliasBlock, "the alias block is not valid YAML: " + (e.InnerException?.Message ?? e.Message));
                return new AliasDefinitions(AliasDefinitions.BuiltIns(_left, _right), directive);
            }
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("alias"), out var aliasNode) && aliasNode is YamlMappingNode alias)
            {
                Span(alias, map);
                foreach (var (keyNode, value) in alias.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value;
                    var keySpan = Span(keyNode, map);
                    switch (key)
                    {
                        case "values" when value is YamlMappingNode entries:
                            foreach (var (nameNode, textNode) in entries.Children)
                            {
                                var name = (nameNode as YamlScalarNode)?.Value ?? "";
                                if (!AliasDefinitions.IsValidName(name))
                                {
                                    diagnostics.Error(Span(nameNode, map), DiagnosticCodes.InvalidAliasName,
                                        $"alias name '{name}' is invalid; alias names may only contain letters and digits");
                                    continue;
                                }
                                // acb reads the block into map[string]string with yaml.v2: a list or map value fails the file.
                                if (textNode is not YamlScalarNode textScalar)
                                {
                                    diagnostics.Error(Span(textNode, map), DiagnosticCodes.InvalidAliasBlock,
                                        $"alias '{name}' is given a {(textNode is YamlSequenceNode ? "list" : "map")}; alias values must be text "
                                        + "(ACR fails: cannot unmarshal into string)");
                                    continue;
                                }
                                if (TryText(textScalar, Span(textScalar, map), diagnostics) is { } aliasText) values[name] = aliasText;
                            }
                            break;
                        case "values" or "src" or "directive" when Loading.Yaml.NodeReader.IsNull(value):
                            // A null is yaml.v2's zero value: no values, no sources, the default directive.
                            break;
                        case "src" when value is YamlSequenceNode sources:
                            foreach (var source in sources.Children.Reverse())
                                AddSource(source, values, map, diagnostics);
                            break;
                        case "directive" when value is YamlScalarNode directiveScalar:
                            // An empty directive is yaml.v2's zero value, which acb treats as not given: '$' stays.
                            if (TryText(directiveScalar, Span(directiveScalar, map), diagnostics) is not { Length: > 0 } d)
                                break;
                            if (d.Length != 1)
                                diagnostics.Error(Span(value, map), DiagnosticCodes.InvalidDirective, "the alias directive must be a single character");
                            else if (char.IsAsciiLetterOrDigit(d[0]))
                                diagnostics.Error(Span(value, map), DiagnosticCodes.InvalidDirective, "the alias directive may not be a letter or digit");
                            else
                                directive = d[0];
                            break;
                        case "values" or "src" or "directive":
                            diagnostics.Error(Span(value, map), DiagnosticCodes.InvalidAliasBlock,
                                key == "values" ? "'values' must map alias names to text" : key == "src" ? "'src' must be a list of files or URLs" : "'directive' must be one character");
                            break;
                        default:
                            diagnostics.Warning(keySpan, DiagnosticCodes.UnknownKey, $"unknown key '{key}' in the alias block; expected values, src or directive");
                            break;
                    }
                }
            }
        }
        foreach (var (name, text) in AliasDefinitions.BuiltIns(_left, _right))
            values.TryAdd(name, text);
        return new AliasDefinitions(values, directive);
    }

    private void AddSource(YamlNode node, Dictionary<string, string> values, Func<int, int, SourceSpan> map, DiagnosticBag diagnostics)
    {
        var location = (node as YamlScalarNode)?.Value ?? "";
        var text = _readSource(location);
        if (text is null)
        {
            diagnostics.Error(Span(node, map), DiagnosticCodes.AliasSourceUnreadable, $"cannot read alias source '{location}'");
            return;
        }
        // acb reads a source into map[string]string with yaml.v2: every value keeps its YAML text as written
        // ("true", "1.0", "0x1F"); only a null (~, null, empty) becomes "", and a list or map is an error.
        YamlMappingNode? entries = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            entries = root switch
            {
                YamlMappingNode mapping => mapping,
                null => new YamlMappingNode(),
                YamlScalarNode scalar when RawText(scalar).Length == 0 => new YamlMappingNode(),
                _ => throw new InvalidDataException("the document is not a mapping"),
            };
        }
        catch (Exception e) when (e is YamlException or InvalidDataException or InvalidOperationException or ArgumentException or FormatException)
        {
            diagnostics.Error(Span(node, map), DiagnosticCodes.AliasSourceUnreadable,
                $"alias source '{location}' is not a YAML mapping of alias names to text: {e.Message}");
            return;
        }
        foreach (var (nameNode, valueNode) in entries.Children)
        {
            var name = nameNode is YamlScalarNode nameScalar ? TryText(nameScalar, Span(node, map), diagnostics) ?? "" : "";
            if (!AliasDefinitions.IsValidName(name))
            {
                diagnostics.Error(Span(node, map), DiagnosticCodes.InvalidAliasName,
                    $"alias source '{location}' defines '{name}'; alias names may only contain letters and digits");
                continue;
            }
            if (valueNode is not YamlScalarNode scalar)
            {
                diagnostics.Error(Span(node, map), DiagnosticCodes.AliasSourceUnreadable,
                    $"alias source '{location}' gives '{name}' a {(valueNode is YamlSequenceNode ? "list" : "map")}; alias values must be text");
                continue;
            }
            if (TryText(scalar, Span(node, map), diagnostics) is { } aliasText) values.TryAdd(name, aliasText);
        }
    }

    /// <summary>A scalar's text as yaml.v2 puts it into a string: as written, except that a null is "" and a !!binary is decoded.</summary>
    private static string RawText(YamlScalarNode scalar) =>
        Loading.Yaml.NodeReader.IsNull(scalar) ? "" : Loading.Yaml.Yaml11Scalar.Text(scalar);

    /// <summary><see cref="RawText"/>, or null with an error when the text does not fit its explicit tag (!!int "abc").</summary>
    private static string? TryText(YamlScalarNode scalar, SourceSpan at, DiagnosticBag diagnostics)
    {
        try
        {
            return RawText(scalar);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(at, DiagnosticCodes.InvalidAliasBlock, "the alias block cannot be read: " + e.Message);
            return null;
        }
    }

    private static SourceSpan Span(YamlNode node, Func<int, int, SourceSpan> map) => map((int)node.Start.Line, (int)node.Start.Column);
}
