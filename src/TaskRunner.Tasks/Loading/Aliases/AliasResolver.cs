using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Text;
using TaskRunner.Tasks.Loading.Yaml;
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
    /// <remarks>
    /// The block is read as the task is (<see cref="LenientYaml"/>, <see cref="ContinuationIndent"/>): as acb's yaml.v2
    /// reads it into its alias struct. A key written twice is decoded copy after copy into the same field (observed
    /// with acb, corpus cases loading/alias-block-*-twice*): the maps of <c>values</c> are merged, a later name winning,
    /// and a null copy empties the map; a later <c>src</c> list or <c>directive</c> replaces the earlier one, a null
    /// one resets it. Every copy is type-checked (a list where text belongs fails the file), while the checks made
    /// after decoding (alias names, the directive's character, the sources read) see only what is left at the end.
    /// </remarks>
    public AliasDefinitions Resolve(string renderedBlock, Func<int, int, SourceSpan> map, DiagnosticBag diagnostics)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var directive = AliasDefinitions.DefaultDirective;
        if (renderedBlock.Trim().Length > 0)
        {
            YamlStream stream;
            try
            {
                stream = Load(renderedBlock, ref map);
            }
            catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException)
            {
                var span = e is YamlException y ? map((int)y.Start.Line, (int)y.Start.Column) : map(1, 1);
                diagnostics.Error(span, DiagnosticCodes.InvalidAliasBlock, "the alias block is not valid YAML: " + (e.InnerException?.Message ?? e.Message));
                return new AliasDefinitions(AliasDefinitions.BuiltIns(_left, _right), directive);
            }
            // acb gathers every alias: block of the file (one may follow the steps) into one text, so "alias" may be
            // written twice there: each copy is decoded into the same struct, a null copy resetting it (observed with acb).
            var named = new Dictionary<string, (string Text, YamlNode Name)>(StringComparer.Ordinal);
            IReadOnlyList<YamlNode>? sources = null;
            (string Text, YamlNode Node)? directiveText = null;
            var aliasCopies = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                ? Copies(root, map, diagnostics, "the file's alias blocks").Where(c => c.Key == "alias").ToList()
                : [];
            foreach (var (_, _, aliasNode, _) in aliasCopies)
            {
                if (Loading.Yaml.NodeReader.IsNull(aliasNode))
                {
                    named.Clear();
                    sources = null;
                    directiveText = null;
                    continue;
                }
                if (aliasNode is not YamlMappingNode alias)
                {
                    diagnostics.Error(Span(aliasNode, map), DiagnosticCodes.InvalidAliasBlock,
                        "'alias' must be a mapping of values, src and directive (ACR fails: cannot unmarshal into graph.Alias)");
                    continue;
                }
                foreach (var (key, keyNode, value, copy) in Copies(alias, map, diagnostics, "the alias block"))
                {
                    switch (key)
                    {
                        case "values" or "src" or "directive" when Loading.Yaml.NodeReader.IsNull(value):
                            // A null is yaml.v2's zero value: no values, no sources, the default directive (an earlier copy's included).
                            if (key == "values") named.Clear();
                            else if (key == "src") sources = null;
                            else directiveText = null;
                            break;
                        case "values" when value is YamlMappingNode entries:
                            foreach (var (name, nameNode, textNode, _) in Copies(entries, map, diagnostics, "the alias values"))
                            {
                                // acb reads the block into map[string]string with yaml.v2: a list or map value fails the file.
                                if (textNode is not YamlScalarNode textScalar)
                                {
                                    diagnostics.Error(Span(textNode, map), DiagnosticCodes.InvalidAliasBlock,
                                        $"alias '{name}' is given a {(textNode is YamlSequenceNode ? "list" : "map")}; alias values must be text "
                                        + "(ACR fails: cannot unmarshal into string)");
                                    continue;
                                }
                                if (TryText(textScalar, Span(textScalar, map), diagnostics) is { } aliasText) named[name] = (aliasText, nameNode);
                            }
                            break;
                        case "src" when value is YamlSequenceNode list:
                            sources = list.Children.ToList();
                            break;
                        case "directive" when value is YamlScalarNode directiveScalar:
                            // An empty directive is yaml.v2's zero value, which acb treats as not given: '$' stays.
                            if (TryText(directiveScalar, Span(directiveScalar, map), diagnostics) is { } d)
                                directiveText = d.Length == 0 ? null : (d, value);
                            break;
                        case "values" or "src" or "directive":
                            diagnostics.Error(Span(value, map), DiagnosticCodes.InvalidAliasBlock,
                                key == "values" ? "'values' must map alias names to text" : key == "src" ? "'src' must be a list of files or URLs" : "'directive' must be one character");
                            break;
                        default:
                            if (copy == 0)
                                diagnostics.Warning(Span(keyNode, map), DiagnosticCodes.UnknownKey, $"unknown key '{key}' in the alias block; expected values, src or directive");
                            break;
                    }
                }
            }
            foreach (var (name, (text, nameNode)) in named)
            {
                if (AliasDefinitions.IsValidName(name)) values[name] = text;
                else
                    diagnostics.Error(Span(nameNode, map), DiagnosticCodes.InvalidAliasName,
                        $"alias name '{name}' is invalid; alias names may only contain letters and digits");
            }
            foreach (var source in (sources ?? []).Reverse())
                AddSource(source, values, map, diagnostics);
            if (directiveText is var (given, node))
            {
                if (given.Length != 1)
                    diagnostics.Error(Span(node, map), DiagnosticCodes.InvalidDirective, "the alias directive must be a single character");
                else if (char.IsAsciiLetterOrDigit(given[0]))
                    diagnostics.Error(Span(node, map), DiagnosticCodes.InvalidDirective, "the alias directive may not be a letter or digit");
                else
                    directive = given[0];
            }
        }
        foreach (var (name, text) in AliasDefinitions.BuiltIns(_left, _right))
            values.TryAdd(name, text);
        return new AliasDefinitions(values, directive);
    }

    /// <summary>
    /// Loads YAML as the task is loaded (<see cref="LenientYaml.Load"/>, every copy of a key written twice kept), with the
    /// continuation lines yaml.v2 reads and YamlDotNet refuses padded (<see cref="ContinuationIndent"/>); then
    /// <paramref name="map"/> maps positions of the padded text.
    /// </summary>
    private static YamlStream Load(string text, ref Func<int, int, SourceSpan> map)
    {
        try
        {
            return LenientYaml.Load(text, keepOverridden: true);
        }
        catch (Exception e) when (e is YamlException and not YamlDepthException or InvalidOperationException or ArgumentException or FormatException)
        {
            if (ContinuationIndent.Pad(text) is not { } padded) throw;
            var inner = map;
            map = (line, column) =>
            {
                var added = padded.Added.GetValueOrDefault(line);
                return inner(line, column > added ? column - added : 1);
            };
            return LenientYaml.Load(padded.Text, keepOverridden: true);
        }
    }

    /// <summary>
    /// The entries of a mapping in the order written, every copy of a key written twice included (its name restored, the
    /// count of earlier copies with it); each later copy is warned about.
    /// </summary>
    private static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value, int Copy)> Copies(YamlMappingNode mapping,
        Func<int, int, SourceSpan> map, DiagnosticBag diagnostics, string where)
    {
        var seen = new Dictionary<string, (YamlNode First, int Count)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var raw = (keyNode as YamlScalarNode)?.Value ?? "";
            var key = LenientYaml.OverriddenName(raw) ?? raw;
            var copy = 0;
            if (seen.TryGetValue(key, out var earlier))
            {
                copy = earlier.Count;
                diagnostics.Warning(Span(keyNode, map), DiagnosticCodes.DuplicateKey,
                    $"'{key}' is given again in {where} (first at line {Span(earlier.First, map).Line}); as in ACR, "
                    + (where == "the file's alias blocks" ? "the blocks are read in turn into the same aliases (values merged, a later src or directive winning)"
                        : value is YamlMappingNode && where == "the alias block" ? "the maps are merged, a later name winning" : "this last one wins"));
            }
            seen[key] = (copy == 0 ? keyNode : earlier.First, copy + 1);
            yield return (key, keyNode, value, copy);
        }
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
        // ("true", "1.0", "0x1F"); only a null (~, null, empty) becomes "", and a list or map is an error. A name written
        // twice is decoded copy after copy: the last text wins, and every copy is type-checked (observed with acb).
        YamlMappingNode? entries = null;
        try
        {
            var stream = LenientYaml.Load(text, keepOverridden: true);
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
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nameNode, valueNode) in entries.Children)
        {
            var raw = nameNode is YamlScalarNode nameScalar ? TryText(nameScalar, Span(node, map), diagnostics) ?? "" : "";
            var name = LenientYaml.OverriddenName(raw) ?? raw;
            if (valueNode is not YamlScalarNode scalar)
            {
                diagnostics.Error(Span(node, map), DiagnosticCodes.AliasSourceUnreadable,
                    $"alias source '{location}' gives '{name}' a {(valueNode is YamlSequenceNode ? "list" : "map")}; alias values must be text");
                continue;
            }
            if (TryText(scalar, Span(node, map), diagnostics) is { } aliasText) named[name] = aliasText;
        }
        foreach (var (name, aliasText) in named)
        {
            if (!AliasDefinitions.IsValidName(name))
            {
                diagnostics.Error(Span(node, map), DiagnosticCodes.InvalidAliasName,
                    $"alias source '{location}' defines '{name}'; alias names may only contain letters and digits");
                continue;
            }
            values.TryAdd(name, aliasText);
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
