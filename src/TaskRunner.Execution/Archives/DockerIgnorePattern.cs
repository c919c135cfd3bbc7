using System.Text;
using System.Text.RegularExpressions;

namespace TaskRunner.Execution.Archives;

/// <summary>
/// One .dockerignore line compiled with Docker's rules: <c>*</c> matches within one path component, <c>?</c> one
/// character of a component, <c>**</c> any number of components (zero included), <c>[...]</c> a character class,
/// <c>\</c> escapes the next character; a leading <c>!</c> makes it an exception that re-includes what it matches.
/// </summary>
public sealed class DockerIgnorePattern
{
    private readonly Regex _regex;
    private readonly bool _matchesEverything;

    private DockerIgnorePattern(string text, bool exclusion, Regex regex, bool matchesEverything)
    {
        Text = text;
        IsException = exclusion;
        _regex = regex;
        _matchesEverything = matchesEverything;
    }

    /// <summary>The cleaned pattern (without its leading <c>!</c>).</summary>
    public string Text { get; }

    /// <summary>True for <c>!pattern</c> lines.</summary>
    public bool IsException { get; }

    /// <summary>Compiles a line; null for blank lines and comments.</summary>
    public static DockerIgnorePattern? Compile(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return null;
        var exception = false;
        if (text[0] == '!')
        {
            exception = true;
            text = text[1..].Trim();
            if (text.Length == 0) throw new FormatException(".dockerignore: '!' must be followed by a pattern");
        }
        text = CleanPath(text);
        if (text.Length > 1 && text[0] == '/') text = text[1..];
        var (regex, everything) = ToRegex(text);
        return new DockerIgnorePattern(text, exception, regex, everything);
    }

    /// <summary>Whether the pattern matches this slash-separated path relative to the context root.</summary>
    public bool Matches(string path) => _matchesEverything || _regex.IsMatch(path);

    private static (Regex, bool) ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                    if (i + 1 >= pattern.Length)
                    {
                        if (regex.Length == 1) return (new Regex("^.*$", RegexOptions.Singleline | RegexOptions.CultureInvariant), true);
                        regex.Append(".*");
                    }
                    else
                    {
                        regex.Append("(.*/)?");
                    }
                }
                else
                {
                    regex.Append("[^/]*");
                }
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (c == '\\')
            {
                if (i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
                else regex.Append(@"\\");
            }
            else if (c == '[')
            {
                var close = pattern.IndexOf(']', i + 1);
                if (close < 0) throw new FormatException($".dockerignore: unclosed '[' in '{pattern}'");
                var body = pattern[(i + 1)..close];
                if (body.StartsWith('!')) body = "^" + body[1..];
                regex.Append('[').Append(body.Replace(@"\", @"\\")).Append(']');
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        regex.Append('$');
        return (new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), false);
    }

    /// <summary>Lexical clean as Go's path.Clean: collapses slashes, removes <c>.</c> and resolves <c>..</c>.</summary>
    internal static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
