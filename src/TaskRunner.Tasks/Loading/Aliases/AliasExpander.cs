using System.Text;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Text;

namespace TaskRunner.Tasks.Loading.Aliases;

/// <summary>
/// Replaces <c>$name</c> with its alias everywhere (keys and template actions included), as acb does: a name is the run
/// of ASCII letters and digits after the directive; the directive twice gives the directive itself; a known name
/// directly followed by the directive chains into the next alias.
/// </summary>
/// <remarks>
/// An unknown (or empty) name stays exactly as written, and so does the character that ended it: acb writes that
/// character as plain text without looking at it. So <c>$HOME/bin</c>, <c>$(date)</c>, <c>${1}</c> and
/// <c>{{ range $i, $v := ... }}</c> pass through unchanged, but in <c>$Foo$ID</c> the second directive starts nothing
/// and <c>$ID</c> stays literal. Given a diagnostic bag, that case (an unknown name directly followed by the directive,
/// when this changes what follows) is a warning (TR4008): the author most likely meant the second name to expand.
/// </remarks>
public static class AliasExpander
{
    public static MappedText Expand(MappedText text, AliasDefinitions aliases, DiagnosticBag? diagnostics = null) =>
        new(text.File, text.Lines.Select(l => ExpandLine(l, aliases, diagnostics is null ? null : (text.File, diagnostics))).ToList());

    /// <summary>Expands one string; used for cmd values and tests where positions do not matter.</summary>
    public static string Expand(string text, AliasDefinitions aliases) =>
        ExpandLine(MappedLine.Verbatim(text, 1), aliases, null).Text;

    private static MappedLine ExpandLine(MappedLine line, AliasDefinitions aliases, (string File, DiagnosticBag Bag)? report)
    {
        var source = line.Text;
        var directive = aliases.Directive;
        if (source.IndexOf(directive) < 0) return line;

        var output = new StringBuilder(source.Length + 16);
        var pieces = new List<TextPiece>();
        var literalStart = -1; // start (in source) of the current verbatim run
        var outputLiteralStart = 0;

        void BeginLiteral(int sourceIndex)
        {
            if (literalStart < 0) { literalStart = sourceIndex; outputLiteralStart = output.Length; }
        }
        void EndLiteral()
        {
            if (literalStart < 0) return;
            var length = output.Length - outputLiteralStart;
            if (length > 0) pieces.Add(new TextPiece(outputLiteralStart, length, line.OriginalColumn(literalStart + 1), true));
            literalStart = -1;
        }
        void Emit(string value, int aliasStart)
        {
            EndLiteral();
            pieces.Add(new TextPiece(output.Length, value.Length, line.OriginalColumn(aliasStart + 1), false));
            output.Append(value);
        }

        var i = 0;
        while (i < source.Length)
        {
            if (source[i] != directive)
            {
                BeginLiteral(i);
                output.Append(source[i]);
                i++;
                continue;
            }
            // At a directive: `$$` is a literal directive.
            if (i + 1 < source.Length && source[i + 1] == directive)
            {
                EndLiteral();
                pieces.Add(new TextPiece(output.Length, 1, line.OriginalColumn(i + 1), true));
                output.Append(directive);
                i += 2;
                continue;
            }
            var start = i;
            var j = i + 1;
            while (j < source.Length && char.IsAsciiLetterOrDigit(source[j])) j++;
            var name = source[(i + 1)..j];
            if (name.Length > 0 && aliases.Map.TryGetValue(name, out var value))
            {
                Emit(value, start);
                i = j; // a following directive starts the next alias (chaining)
                continue;
            }
            // Unknown or empty name: left exactly as written, and the character that ended it is plain text.
            var end = j < source.Length ? j + 1 : j;
            if (report is { } r && name.Length > 0 && j < source.Length && source[j] == directive
                && UnknownAliasMessage(aliases, name, source, j + 1) is { } message)
                r.Bag.Warning(new SourceSpan(r.File, line.OriginalLine, line.OriginalColumn(start + 1)), DiagnosticCodes.UnknownAlias, message);
            BeginLiteral(start);
            output.Append(source, start, end - start);
            i = end;
        }
        EndLiteral();
        return new MappedLine(output.ToString(), line.OriginalLine, pieces);
    }

    /// <summary>
    /// The warning for an unknown name directly followed by the directive, when reading that directive as plain text
    /// changes what follows: a known name after it stays unexpanded, or a doubled directive after it is read apart.
    /// </summary>
    private static string? UnknownAliasMessage(AliasDefinitions aliases, string name, string source, int afterDirective)
    {
        var directive = aliases.Directive;
        var k = afterDirective;
        while (k < source.Length && char.IsAsciiLetterOrDigit(source[k])) k++;
        var next = source[afterDirective..k];
        string effect;
        if (next.Length > 0 && aliases.Map.ContainsKey(next))
            effect = $"'{directive}{next}' after it is not expanded";
        else if (next.Length == 0 && afterDirective < source.Length && source[afterDirective] == directive)
            effect = $"the '{directive}{directive}' after it is not read as a literal '{directive}'";
        else
            return null;
        return $"'{directive}{name}' is not an alias, so ACR's runner takes the '{directive}' right after it as plain text and {effect} "
               + $"(TaskRunner does the same); write '{directive}{directive}{name}' for a literal '{directive}{name}', or define '{name}' under alias: values";
    }
}
