using System.Text;

namespace TaskRunner.Tasks.Model;

/// <summary>
/// Splits a step's command into arguments by acb's rules, the same on every platform and with no shell involved:
/// ASCII space, tab, CR and LF separate arguments outside quotes; single and double quotes group text and are
/// removed (an empty pair is an empty argument, and quoted and unquoted text next to each other join). Outside quotes a
/// backslash escapes a separator or a quote; two backslashes stay two; before anything else a backslash is kept.
/// Inside double quotes only <c>\"</c> is an escape (two backslashes stay two); inside single quotes nothing is.
/// <c>$</c>, <c>;</c>, <c>|</c>, <c>#</c> and other shell syntax are plain text. An unterminated quote or a NUL is an error.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        if (text.Contains('\0')) throw new FormatException("the command contains a NUL character");
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (quote == '"' && c == '\\' && next == '"') { current.Append('"'); i++; }
                else if (quote == '"' && c == '\\' && next == '\\') { current.Append(@"\\"); i++; }
                else current.Append(c);
                continue;
            }
            if (IsSeparator(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c is '\'' or '"') quote = c;
            else if (c == '\\' && next == '\\') { current.Append(@"\\"); i++; }
            else if (c == '\\' && (IsSeparator(next) || next is '\'' or '"')) { current.Append(next); i++; }
            else current.Append(c);
        }
        if (quote != '\0') throw new FormatException($"unterminated {(quote == '"' ? "double" : "single")} quote in: {text.Trim()}");
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\r' or '\n';
}
