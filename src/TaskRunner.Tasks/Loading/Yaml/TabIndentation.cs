using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>
/// Finds a tab used as indentation, the way acb's YAML library (yaml.v2) refuses it: in block context a line may not
/// start with a tab, a blank line made of tabs included ("found character that cannot start any token"). Lines inside
/// a scalar that spans lines (block, quoted or plain) and inside flow collections are left to the parser.
/// </summary>
public static class TabIndentation
{
    /// <summary>The 1-based line and column of the first tab in a line's indentation, or null.</summary>
    public static (int Line, int Column)? Find(string text)
    {
        if (!text.Contains('\t')) return null;
        var lines = text.Split('\n');
        var candidates = new List<(int Line, int Column)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
            {
                if (line[c] != '\t') continue;
                candidates.Add((i + 1, c + 1));
                break;
            }
        }
        if (candidates.Count == 0) return null;

        // Lines covered by a multi-line token (or a flow collection) are not indentation.
        var covered = new List<(int From, int To, int Indent)>();
        var flowDepth = 0;
        var flowStart = 0;
        try
        {
            var scanner = new Scanner(new StringReader(text), skipComments: true);
            // A token takes at least one character but a few zero-width ones; YamlDotNet's scanner can repeat a token
            // without end on some malformed text (a second byte order mark before tab indentation), so it is bounded.
            var tokensLeft = 2L * text.Length + 64;
            while (tokensLeft-- > 0 && scanner.MoveNext())
            {
                var token = scanner.Current!;
                switch (token)
                {
                    case FlowSequenceStart or FlowMappingStart:
                        if (flowDepth++ == 0) flowStart = (int)token.Start.Line;
                        break;
                    case FlowSequenceEnd or FlowMappingEnd when flowDepth > 0:
                        if (--flowDepth == 0) covered.Add((flowStart + 1, (int)token.End.Line, 0));
                        break;
                    case Scalar scalar when token.End.Line > token.Start.Line:
                        var from = (int)token.Start.Line + 1;
                        covered.Add((from, (int)token.End.Line,
                            scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? BlockIndent(lines, from, (int)token.End.Line) : 0));
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException)
        {
            // The scanner stopped; a flow collection still open covers everything after its start (the parser
            // reports what is wrong in it).
            if (flowDepth > 0) covered.Add((flowStart + 1, int.MaxValue, 0));
        }
        foreach (var candidate in candidates)
        {
            // In a block scalar, a tab after the content's indentation is content; before it, yaml.v2 refuses it.
            if (!covered.Any(r => candidate.Line >= r.From && candidate.Line <= r.To && candidate.Column - 1 >= r.Indent)) return candidate;
        }
        return null;
    }

    /// <summary>The indentation of a block scalar's content: the leading spaces of its first line with text.</summary>
    private static int BlockIndent(string[] lines, int from, int to)
    {
        for (var line = from; line <= to && line <= lines.Length; line++)
        {
            var text = lines[line - 1];
            var spaces = 0;
            while (spaces < text.Length && text[spaces] == ' ') spaces++;
            if (spaces < text.Length && !char.IsWhiteSpace(text[spaces])) return spaces;
        }
        return 0;
    }
}
