using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace TaskRunner.Templating.Values;

/// <summary>
/// A compiled Go regular expression (RE2 syntax, translated by <see cref="Re2Translator"/>) with the match iteration
/// of Go's regexp package: FindAll, ReplaceAll (with Regexp.Expand templates) and Split.
/// </summary>
internal sealed class GoRegex
{
    private static readonly ConcurrentDictionary<string, Lazy<(GoRegex? Regex, string? Error)>> Cache = new(StringComparer.Ordinal);

    private readonly Regex _regex;
    private readonly IReadOnlyList<string?> _names;

    private GoRegex(string expr, Regex regex, IReadOnlyList<string?> names)
    {
        Expr = expr;
        _regex = regex;
        _names = names;
    }

    public string Expr { get; }

    /// <summary>regexp.Compile: the expression, or Go's error text ("error parsing regexp: ...").</summary>
    public static GoRegex Compile(string expr)
    {
        var (regex, error) = Cache.GetOrAdd(expr, static e => new Lazy<(GoRegex?, string?)>(() =>
        {
            try
            {
                var (pattern, names) = Re2Translator.Translate(e);
                return (new GoRegex(e, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)), names), null);
            }
            catch (GoRegexException ex)
            {
                return (null, ex.Message);
            }
        })).Value;
        return regex ?? throw new GoRegexException(error!);
    }

    /// <summary>regexp.MustCompile's panic text: regexp: Compile(`expr`): error parsing regexp: ...</summary>
    public static string MustCompileMessage(string expr, string error) =>
        $"regexp: Compile({(CanBackquote(expr) ? "`" + expr + "`" : GoFormat.Quote(expr))}): {error}";

    /// <summary>strconv.CanBackquote: no backquote, byte-order mark or control character other than tab.</summary>
    private static bool CanBackquote(string s) => s.All(c => c != '`' && c != '\uFEFF' && (c >= ' ' || c == '\t') && c != '\u007F');

    public bool IsMatch(string s) => _regex.IsMatch(s);

    /// <summary>
    /// Go's allMatches: up to n matches (all when n &lt; 0), left to right; an empty match right where the previous
    /// match ended is skipped, and after an empty match the search moves on by one character (a surrogate pair is one).
    /// </summary>
    public List<Match> FindAll(string s, long n)
    {
        var matches = new List<Match>();
        var previousEnd = -1;
        for (var pos = 0; (n < 0 || matches.Count < n) && pos <= s.Length;)
        {
            var m = _regex.Match(s, pos);
            if (!m.Success) break;
            var end = m.Index + m.Length;
            var accept = true;
            if (end == pos)
            {
                accept = m.Index != previousEnd;
                pos += Width(s, pos);
            }
            else
            {
                pos = end;
            }
            previousEnd = end;
            if (accept)
            {
                matches.Add(m);
                if ((matches.Count & 1023) == 0) Execution.RenderBudget.Current.CheckItems(matches.Count);
            }
        }
        return matches;
    }

    private static int Width(string s, int pos) =>
        pos + 1 < s.Length && char.IsHighSurrogate(s[pos]) && char.IsLowSurrogate(s[pos + 1]) ? 2 : 1;

    /// <summary>
    /// Go's ReplaceAllString / ReplaceAllLiteralString: every match replaced, except an empty match right after the
    /// previous one; the template expands $1, ${1}, $name, ${name} and $$ unless <paramref name="literal"/>.
    /// </summary>
    public string ReplaceAll(string s, string replacement, bool literal)
    {
        var sb = new StringBuilder();
        var lastEnd = 0;
        var searchPos = 0;
        while (searchPos <= s.Length)
        {
            var m = _regex.Match(s, searchPos);
            if (!m.Success) break;
            var end = m.Index + m.Length;
            sb.Append(s, lastEnd, m.Index - lastEnd);
            if (end > lastEnd || m.Index == 0)
            {
                if (literal) sb.Append(replacement);
                else Expand(sb, replacement, m);
                Execution.RenderBudget.Check(sb);
            }
            lastEnd = end;
            var width = searchPos < s.Length ? Width(s, searchPos) : 1;
            searchPos = searchPos + width > end ? searchPos + width : end;
        }
        return sb.Append(s, lastEnd, s.Length - lastEnd).ToString();
    }

    /// <summary>
    /// Go's Regexp.Expand: $$ is '$'; $name and ${name} take the longest run of letters, digits and '_' as the name
    /// (so $1x is the group named "1x"); a number is a group index; a missing group is empty; a malformed $ stays.
    /// </summary>
    private void Expand(StringBuilder sb, string template, Match m)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtractName(template, ref i, out var name))
            {
                sb.Append('$');
                continue;
            }
            if (GroupNumber(name) is { } number)
            {
                if (number < _names.Count && m.Groups[number].Success) sb.Append(m.Groups[number].Value);
                continue;
            }
            for (var k = 1; k < _names.Count; k++)
            {
                if (_names[k] != name || !m.Groups[k].Success) continue;
                sb.Append(m.Groups[k].Value);
                break;
            }
        }
        sb.Append(template, i, template.Length - i);
    }

    private static bool TryExtractName(string template, ref int i, out string name)
    {
        name = "";
        var start = i;
        var brace = start < template.Length && template[start] == '{';
        var j = brace ? start + 1 : start;
        var nameStart = j;
        while (j < template.Length)
        {
            var rune = Rune.GetRuneAt(template, j);
            if (!Rune.IsLetter(rune) && !Rune.IsDigit(rune) && rune.Value != '_') break;
            j += rune.Utf16SequenceLength;
        }
        if (j == nameStart) return false;
        name = template[nameStart..j];
        if (brace)
        {
            if (j >= template.Length || template[j] != '}') return false;
            j++;
        }
        i = j;
        return true;
    }

    /// <summary>A decimal name without leading zeros and below 10^8 is a group number (Go's extract); anything else is a name.</summary>
    private static int? GroupNumber(string name) =>
        name.Length <= 8 && name.All(char.IsAsciiDigit) && !(name.Length > 1 && name[0] == '0')
            ? int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Go's Regexp.Split: n &gt; 0 gives at most n parts (the last one the unsplit rest), n == 0 none, n &lt; 0 all.</summary>
    public List<string> Split(string s, long n)
    {
        var parts = new List<string>();
        if (n == 0) return parts;
        if (Expr.Length > 0 && s.Length == 0) return [""];
        int begin = 0, end = 0;
        foreach (var m in FindAll(s, n))
        {
            if (n > 0 && parts.Count == n - 1) break;
            end = m.Index;
            if (m.Index + m.Length != 0) parts.Add(s[begin..end]);
            if ((parts.Count & 1023) == 0) Execution.RenderBudget.Current.CheckItems(parts.Count);
            begin = m.Index + m.Length;
        }
        if (end != s.Length) parts.Add(s[begin..]);
        return parts;
    }
}
