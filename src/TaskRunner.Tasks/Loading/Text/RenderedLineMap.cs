using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Loading.Text;

/// <summary>
/// Maps positions in the rendered text (what YAML parses) back to the template text and from there to the original
/// file. Rendering is line-preserving for almost every task file, so each rendered line is matched to the template
/// line whose literal text (the parts outside actions) it contains in order, searching forward from the previous match
/// and then backward (a <c>range</c> repeats lines). A column inside literal text maps exactly; one inside an action's
/// output maps to where that action starts.
/// </summary>
public sealed class RenderedLineMap
{
    private readonly MappedText _template;
    private readonly IReadOnlyList<TemplateLine> _lines;
    private readonly int[] _lineFor;          // rendered line index -> template line index
    private readonly IReadOnlyList<string> _rendered;
    private readonly bool[] _matched;         // whether the rendered line matched its template line

    private RenderedLineMap(MappedText template, IReadOnlyList<TemplateLine> lines, IReadOnlyList<string> rendered, int[] lineFor, bool[] matched)
    {
        _template = template;
        _lines = lines;
        _rendered = rendered;
        _lineFor = lineFor;
        _matched = matched;
    }

    public static RenderedLineMap Build(MappedText template, string rendered, string left, string right)
    {
        var lines = TemplateLine.Split(template, left, right);
        var renderedLines = MappedText.SplitLines(rendered);
        var map = new int[renderedLines.Count];
        var matched = new bool[renderedLines.Count];
        var pointer = 0;
        for (var r = 0; r < renderedLines.Count; r++)
        {
            var found = -1;
            if (renderedLines[r].Trim().Length > 0)
            {
                for (var t = pointer; t < lines.Count && found < 0; t++)
                    if (lines[t].Matches(renderedLines[r])) found = t;
                for (var t = Math.Min(pointer, lines.Count) - 1; t >= 0 && found < 0; t--)
                    if (lines[t].Matches(renderedLines[r])) found = t;
            }
            matched[r] = found >= 0;
            if (found < 0) found = Math.Min(pointer, Math.Max(0, lines.Count - 1));
            map[r] = found;
            pointer = found + 1;
        }
        return new RenderedLineMap(template, lines, renderedLines, map, matched);
    }

    /// <summary>Maps a 1-based line and column of the rendered text to the original file.</summary>
    public SourceSpan Map(int line, int column)
    {
        if (_lines.Count == 0 || _template.Lines.Count == 0) return new SourceSpan(_template.File, 1, 1);
        if (_lineFor.Length == 0) return _template.Map(1, 1);
        var r = Math.Clamp(line - 1, 0, _lineFor.Length - 1);
        var t = _lineFor[r];
        if (!_matched[r] && Joined(r, t, column) is { } joined) return _template.Map(joined.Line + 1, joined.Column);
        var templateColumn = _lines[t].TemplateColumn(_rendered[r], column);
        return _template.Map(t + 1, templateColumn);
    }

    /// <summary>
    /// A rendered line made of several template lines, joined where a trim marker (<c>{{- if ... -}}</c>) removed the
    /// line breaks between them: follows the plain lines that make it up (lines of actions alone rendering nothing
    /// there) to the one the column falls in. Null when the line is not such a join.
    /// </summary>
    private (int Line, int Column)? Joined(int r, int t, int column)
    {
        var rendered = _rendered[r];
        var index = column - 1;
        var position = 0;
        for (var k = t; k < _lines.Count && position <= rendered.Length; k++)
        {
            var line = _lines[k];
            if (line.IsActionsOnly) continue;
            if (line.HasActions) return null;
            var text = k == t ? line.Text : line.Text.TrimStart();
            if (k > t && position == rendered.Length) return null;
            if (!rendered.AsSpan(position).StartsWith(k == t ? text : text.TrimEnd(), StringComparison.Ordinal)) return null;
            var end = position + (k == t ? text : text.TrimEnd()).Length;
            if (index < end || end >= rendered.Length)
                return (k, line.Text.Length - text.Length + (index - position) + 1);
            position = end;
        }
        return null;
    }

    /// <summary>A template line cut into its literal segments (text outside actions) with their columns.</summary>
    private sealed class TemplateLine
    {
        private readonly List<(string Text, int Column)> _literals; // Column: 1-based in the template line
        private readonly bool _hasActions;
        private readonly string _text;

        private TemplateLine(string text, List<(string, int)> literals, bool hasActions)
        {
            _text = text;
            _literals = literals;
            _hasActions = hasActions;
        }

        public static List<TemplateLine> Split(MappedText template, string left, string right)
        {
            var result = new List<TemplateLine>(template.Lines.Count);
            var inAction = false;
            foreach (var mapped in template.Lines)
            {
                var text = mapped.Text;
                var literals = new List<(string, int)>();
                var hasActions = inAction;
                var i = 0;
                while (i <= text.Length)
                {
                    if (inAction)
                    {
                        var close = text.IndexOf(right, i, StringComparison.Ordinal);
                        if (close < 0) { i = text.Length + 1; break; }
                        i = close + right.Length;
                        inAction = false;
                        continue;
                    }
                    var open = text.IndexOf(left, i, StringComparison.Ordinal);
                    var end = open < 0 ? text.Length : open;
                    if (end > i) literals.Add((text[i..end], i + 1));
                    if (open < 0) break;
                    hasActions = true;
                    inAction = true;
                    i = open + left.Length;
                }
                result.Add(new TemplateLine(text, literals, hasActions));
            }
            return result;
        }

        public string Text => _text;
        public bool HasActions => _hasActions;
        /// <summary>Actions and white space only: such a line renders nothing when trimmed on both sides.</summary>
        public bool IsActionsOnly => _hasActions && _literals.All(l => l.Text.Trim().Length == 0);

        public bool Matches(string rendered)
        {
            if (!_hasActions) return rendered == _text || rendered.Trim() == _text.Trim() && _text.Trim().Length > 0;
            if (_literals.Count == 0 || _literals.All(l => l.Text.Trim().Length == 0)) return false;
            var position = 0;
            for (var k = 0; k < _literals.Count; k++)
            {
                var literal = _literals[k].Text;
                if (k == 0 && _literals[0].Column == 1)
                {
                    if (!rendered.StartsWith(literal, StringComparison.Ordinal)) return false;
                    position = literal.Length;
                    continue;
                }
                var found = rendered.IndexOf(literal, position, StringComparison.Ordinal);
                if (found < 0) return false;
                position = found + literal.Length;
            }
            return true;
        }

        public int TemplateColumn(string rendered, int column)
        {
            if (!_hasActions) return column;
            var index = column - 1;
            var position = 0;
            var actionColumn = 1;
            for (var k = 0; k < _literals.Count; k++)
            {
                var (literal, literalColumn) = _literals[k];
                var found = rendered.IndexOf(literal, position, StringComparison.Ordinal);
                if (found < 0) break;
                // An action right before this literal rendered nothing: a value starting here starts at the action.
                var emptyActionBefore = found == position && literalColumn > actionColumn;
                if (index < found || (index == found && emptyActionBefore)) return actionColumn;
                if (index < found + literal.Length) return literalColumn + (index - found);
                position = found + literal.Length;
                actionColumn = literalColumn + literal.Length;
            }
            return actionColumn;
        }
    }
}
