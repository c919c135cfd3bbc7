using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// Continuation lines that yaml.v2 (acb) reads and YamlDotNet refuses: the lines of a double-quoted scalar, and of a flow
/// collection (<c>[a,</c> then <c>b]</c>), indented no more than the block they are in, or by a tab. In both, a line's
/// leading white space is no content (folded away, or separation between items), so giving such a line more leading
/// spaces changes nothing yaml.v2 would read; YamlDotNet then reads it too. Observed with acb: corpus cases
/// loading/yaml-tab-continuation-*.
/// </summary>
public static class ContinuationIndent
{
    /// <summary>The <c>Spaces</c> of <see cref="Failure"/> that says: empty these white-space-only lines.</summary>
    private const int EmptyTheLines = -1;

    /// <summary>The <c>Spaces</c> of <see cref="Failure"/> that says: blank the comment whose '#' is at index <c>From</c>.</summary>
    private const int BlankTheComment = -2;

    /// <summary>How many lines or scalars one text may have padded (each costs a scan of the whole text).</summary>
    private const int MaxRounds = 64;

    /// <summary>
    /// The text with such lines padded with spaces, and the spaces added per 1-based line; null when YamlDotNet's scanner
    /// stops on nothing of the kind (the text is fine, or wrong for another reason). A comment that yaml.v2 reads and
    /// YamlDotNet refuses (<see cref="LenientYaml.AdjacentComment"/>) on the way is blanked, which moves no position.
    /// </summary>
    public static (string Text, IReadOnlyDictionary<int, int> Added)? Pad(string text)
    {
        var added = new Dictionary<int, int>();
        var trimmed = new HashSet<int>();
        var blanked = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var lines = Lines(text);
            var (from, to, spaces) = Failure(text);
            if (spaces == BlankTheComment)
            {
                // A comment yaml.v2 reads and YamlDotNet refuses (LenientYaml.AdjacentComment), in the way of what follows it.
                text = LenientYaml.BlankComment(text, from);
                blanked++;
                continue;
            }
            if (from == 0) return added.Count == 0 && trimmed.Count == 0 && blanked == 0 ? null : (text, added);
            // A line padded (or emptied) once and still refused is wrong for another reason.
            if (Enumerable.Range(from, to - from + 1).Any(l => added.ContainsKey(l) || trimmed.Contains(l)))
                return added.Count == 0 && trimmed.Count == 0 && blanked == 0 ? null : (text, added);
            if (spaces == EmptyTheLines)
            {
                // White space only: emptied, the line breaks stay, so no position moves.
                for (var line = to; line >= from; line--)
                {
                    var start = lines[line - 1];
                    var end = start;
                    while (end < text.Length && text[end] is ' ' or '\t') end++;
                    text = string.Concat(text.AsSpan(0, start), text.AsSpan(end));
                    trimmed.Add(line);
                }
                continue;
            }
            var changed = false;
            for (var line = to; line >= from; line--)
            {
                if (line > lines.Count) continue;
                var start = lines[line - 1];
                text = string.Concat(text.AsSpan(0, start), new string(' ', spaces), text.AsSpan(start));
                added[line] = added.GetValueOrDefault(line) + spaces;
                changed = true;
            }
            if (!changed) return null;
        }
        return null;
    }

    /// <summary>The lines to pad (1-based, inclusive) and by how much, or (0, 0, 0).</summary>
    private static (int From, int To, int Spaces) Failure(string text)
    {
        var parser = new Parser(new StringReader(text));
        var flow = 0;
        var flowColumn = 0;
        var lastLine = 0;
        try
        {
            var eventsLeft = 2L * text.Length + 64;
            while (eventsLeft-- > 0 && parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow } && flow++ == 0)
                    flowColumn = (int)current.Start.Column;
                else if (current is SequenceEnd or MappingEnd && flow > 0) flow--;
                if (current is not StreamEnd and not DocumentEnd) lastLine = Math.Max(lastLine, (int)current.End.Line);
            }
            return (0, 0, 0);
        }
        catch (YamlException e) when (LenientYaml.AdjacentComment(text, e.Start.Index) is var hash && hash >= 0)
        {
            return (hash, hash, BlankTheComment);
        }
        catch (YamlException e) when (e.Message.Contains("multi-line double-quoted scalar", StringComparison.Ordinal)
                                             && e.Start.Index < text.Length && text[(int)e.Start.Index] == '"')
        {
            // The scalar's lines after its first, up to its closing quote.
            var end = (int)e.Start.Index + 1;
            var line = (int)e.Start.Line;
            while (end < text.Length && text[end] != '"')
            {
                if (text[end] == '\\')
                {
                    end++;
                    // An escaped line break (a backslash at the end of the line) still ends a line.
                    if (end < text.Length && text[end] == '\n') line++;
                }
                else if (text[end] == '\n') line++;
                end++;
            }
            return line > e.Start.Line ? ((int)e.Start.Line + 1, line, (int)e.Start.Column) : (0, 0, 0);
        }
        catch (YamlException e) when (e.Message.Contains("found extra spaces in first line", StringComparison.Ordinal))
        {
            return EmptyBlockScalar(text, (int)e.Start.Line);
        }
        catch (Exception e) when (flow > 0 && e is YamlException or InvalidOperationException)
        {
            // In a flow collection, the scanner stops at the start of the next line with content (unless it is wrong).
            var lines = Lines(text);
            for (var line = lastLine + 1; line <= lines.Count; line++)
            {
                var start = lines[line - 1];
                var rest = text.AsSpan(start, (line < lines.Count ? lines[line] : text.Length) - start).TrimStart(" \t\r\n");
                // A document marker at the start of a line ends the document for yaml.v2 too: never padded into the flow.
                if (rest.Length > 0 && rest.Length == text.AsSpan(start, (line < lines.Count ? lines[line] : text.Length) - start).Length
                    && (rest.StartsWith("---") || rest.StartsWith("..."))) return (0, 0, 0);
                if (rest.Length > 0 && rest[0] != '#') return (lastLine + 1, line, flowColumn);
            }
            return (0, 0, 0);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException)
        {
            return (0, 0, 0);
        }
    }

    /// <summary>
    /// A block scalar (<c>key: |</c>) whose only lines are white space, one of them indented more than the line after the
    /// scalar: YamlDotNet refuses it ("found extra spaces in first line"), yaml.v2 takes the deepest of those lines as
    /// the scalar's indentation and reads an empty scalar (case loading/yaml-block-scalar-blank-deeper). When the line
    /// after them is no deeper than the key (so it cannot be the scalar's content either way), emptying the white-space
    /// lines changes nothing yaml.v2 reads (they are line breaks only); otherwise nothing is changed.
    /// </summary>
    private static (int From, int To, int Spaces) EmptyBlockScalar(string text, int errorLine)
    {
        var lines = Lines(text);
        string Line(int n) => text[lines[n - 1]..(n < lines.Count ? lines[n] : text.Length)].TrimEnd('\n', '\r');
        if (errorLine < 2 || errorLine > lines.Count) return (0, 0, 0);
        var next = Line(errorLine);
        if (next.Trim(' ', '\t').Length == 0) return (0, 0, 0);
        var header = errorLine - 1;
        while (header >= 1 && Line(header).Trim(' ', '\t').Length == 0) header--;
        if (header < 1 || header == errorLine - 1) return (0, 0, 0);
        var headerText = Line(header);
        var indicator = System.Text.RegularExpressions.Regex.Match(headerText, @"^(?<lead>[ ]*(?:-[ ]+)*)(?:(?<key>[^\s#][^#]*?):[ ]+|(?<dash>))[|>][+-]?[ ]*(?:#.*)?$");
        if (!indicator.Success) return (0, 0, 0);
        // Only a key on the header line tells the parent's indentation from the text; without one, nothing is changed.
        if (!indicator.Groups["key"].Success || indicator.Groups["key"].Length == 0) return (0, 0, 0);
        var parent = indicator.Groups["lead"].Length;
        var nextIndent = next.Length - next.TrimStart(' ').Length;
        return nextIndent <= parent ? (header + 1, errorLine - 1, EmptyTheLines) : (0, 0, 0);
    }

    /// <summary>The index where each line starts.</summary>
    private static List<int> Lines(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }
}
