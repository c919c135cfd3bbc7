using System.Text;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Text;

namespace TaskRunner.Tasks.Loading.Aliases;

/// <summary>
/// Replaces <c>$name</c> with its alias everywhere (keys and template actions included), as acb does: a name is the run
/// of ASCII letters and digits after the directive; the directive twice gives the directive itself; an unknown name
/// stays as written; a known name directly followed by the directive chains into the next alias.
/// </summary>
/// <remarks>
/// acb's preprocessor mishandles an unknown name: it drops the character that ends it (a line break included) and
/// goes on reading as if an alias followed, so <c>$HOME/bin</c> becomes <c>$HOME$bin</c> in ACR. TaskRunner keeps
/// the text as written (the spec's rule) and, given a diagnostic bag, warns (TR4008) where ACR would mangle it.
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
            // Unknown or empty name: left exactly as written.
            if (report is { } r && (j >= source.Length || source[j] != directive))
                r.Bag.Warning(new SourceSpan(r.File, line.OriginalLine, line.OriginalColumn(start + 1)), DiagnosticCodes.UnknownAlias,
                    UnknownAliasMessage(directive, name, j < source.Length ? $"'{source[j]}'" : "line break"));
            BeginLiteral(start);
            output.Append(source, start, j - start);
            i = j;
        }
        EndLiteral();
        return new MappedLine(output.ToString(), line.OriginalLine, pieces);
    }

    private static string UnknownAliasMessage(char directive, string name, string next) => name.Length == 0
        ? $"'{directive}' followed by {next} starts no alias: TaskRunner keeps it as written, but ACR's runner drops the {next} after it "
          + $"and reads on as if an alias followed; write '{directive}{directive}' for a literal '{directive}'"
        : $"'{directive}{name}' is not an alias: TaskRunner keeps it as written, but ACR's runner drops the {next} after it and reads on "
          + $"as if an alias followed; write '{directive}{directive}{name}' for a literal '{directive}{name}', or define '{name}' under alias: values";
}
