using System.Text;

namespace TaskRunner.Tasks.Model;

/// <summary>Splits a command line into words with POSIX shell quoting ('...', "...", backslash), as a cmd or build value is read.</summary>
public static class CommandLine
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
                case '\'':
                    inWord = true;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException("unterminated single quote");
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                            i++;
                        current.Append(text[i]);
                        i++;
                    }
                    if (i >= text.Length) throw new FormatException("unterminated double quote");
                    break;
                case '\\' when i + 1 < text.Length:
                    inWord = true;
                    i++;
                    if (text[i] != '\n') current.Append(text[i]);
                    break;
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                    break;
                default:
                    inWord = true;
                    current.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
