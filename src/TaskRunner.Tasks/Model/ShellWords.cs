using System.Text;

namespace TaskRunner.Tasks.Model;

/// <summary>
/// Splits a command line into words the way a POSIX shell does for quoting (no expansion): single quotes keep
/// everything literally, double quotes keep everything but <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c> escapes,
/// and a backslash outside quotes escapes the next character. Whitespace (including newlines) separates words.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                    break;
                case '\'':
                    inWord = true;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException("unterminated single quote in: " + text.Trim());
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i++;
                    for (; ; i++)
                    {
                        if (i >= text.Length) throw new FormatException("unterminated double quote in: " + text.Trim());
                        var d = text[i];
                        if (d == '"') break;
                        if (d == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            current.Append(text[++i]);
                        }
                        else if (d == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i++;
                        }
                        else
                        {
                            current.Append(d);
                        }
                    }
                    break;
                case '\\':
                    if (i + 1 >= text.Length) { current.Append(c); inWord = true; break; }
                    var next = text[++i];
                    if (next == '\n') break; // line continuation
                    current.Append(next);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
