using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig's case conversions: snakecase, kebabcase and camelcase are huandu/xstrings v1.3.2 (before its v1.4 rewrite),
/// swapcase and untitle are Masterminds/goutils v1.1.1, shuffle is xstrings' rune shuffle.
/// </summary>
internal static class SprigCase
{
    public static void Register(FunctionTable t)
    {
        t.Add("snakecase", 1, 1, (a, _) => ToLowerWords(Args.String(a, 0), '_'));
        t.Add("kebabcase", 1, 1, (a, _) => ToLowerWords(Args.String(a, 0), '-'));
        t.Add("camelcase", 1, 1, (a, _) => CamelCase(Args.String(a, 0)));
        t.Add("swapcase", 1, 1, (a, _) => SwapCase(Args.String(a, 0)));
        t.Add("untitle", 1, 1, (a, _) => Untitle(Args.String(a, 0)));
        t.Add("shuffle", 1, 1, (a, _) => Shuffle(Args.String(a, 0)));
    }

    private static bool IsUpper(Rune r) => Rune.IsUpper(r);
    private static bool IsNumber(Rune r) => Rune.IsNumber(r);
    private static Rune Lower(Rune r) => Rune.ToLowerInvariant(r);
    private static bool IsSeparator(Rune r) => r.Value is '_' or ' ' or '-';

    /// <summary>
    /// xstrings v1.3.2's camelCaseToLowerCase: a connector before an upper-case letter or a number that follows
    /// neither the connector nor a number; runs of capitals read as an abbreviation plus a word (HTTPServer →
    /// http_server); ' ', '-' and '_' become the connector. Its quirks are kept: the character after a single capital
    /// is copied as it is, and a word ending a run of capitals repeats its last letter at the end of the text.
    /// </summary>
    private static string ToLowerWords(string s, char connectorChar)
    {
        var runes = s.EnumerateRunes().ToList();
        var connector = new Rune(connectorChar);
        var sb = new StringBuilder(s.Length + 4);
        var i = 0;
        var r0 = connector;
        while (i < runes.Count)
        {
            var prev = r0;
            r0 = runes[i++];
            if (r0 == Rune.ReplacementChar)
            {
                sb.Append(r0);
            }
            else if (IsUpper(r0))
            {
                if (prev != connector && !IsNumber(prev)) sb.Append(connector);
                sb.Append(Lower(r0));
                if (i == runes.Count) break;
                r0 = runes[i++];
                if (!IsUpper(r0))
                {
                    sb.Append(r0);
                    continue;
                }
                r0 = CapitalRun(runes, ref i, r0, connector, sb);
                if (i == runes.Count || r0 == connector) sb.Append(Lower(r0));
            }
            else if (IsNumber(r0))
            {
                if (prev != connector && !IsNumber(prev)) sb.Append(connector);
                sb.Append(r0);
            }
            else
            {
                if (IsSeparator(r0)) r0 = connector;
                sb.Append(r0);
            }
        }
        return sb.ToString();
    }

    /// <summary>The rest of a run of capitals: all but the last are written; the last starts the next word.</summary>
    private static Rune CapitalRun(List<Rune> runes, ref int i, Rune r0, Rune connector, StringBuilder sb)
    {
        while (i < runes.Count)
        {
            var r1 = r0;
            r0 = runes[i++];
            if (r0 == Rune.ReplacementChar)
            {
                sb.Append(Lower(r1)).Append(r0);
                break;
            }
            if (!IsUpper(r0))
            {
                if (IsSeparator(r0))
                {
                    r0 = connector;
                    sb.Append(Lower(r1));
                }
                else if (IsNumber(r0))
                {
                    sb.Append(Lower(r1)).Append(connector).Append(r0);
                }
                else
                {
                    sb.Append(connector).Append(Lower(r1)).Append(r0);
                }
                break;
            }
            sb.Append(Lower(r1));
        }
        return r0;
    }

    /// <summary>
    /// xstrings v1.3.2's ToCamelCase: leading underscores kept, the first letter upper-cased, a letter after '_'
    /// upper-cased and the '_' dropped (but "__" keeps one), every other letter lower-cased ("a" → "A", as its tests
    /// say; earlier 1.3 releases dropped a lone last character).
    /// </summary>
    private static string CamelCase(string s)
    {
        var runes = s.EnumerateRunes().ToList();
        var sb = new StringBuilder(s.Length);
        var i = 0;
        var r0 = default(Rune);
        while (i < runes.Count)
        {
            r0 = runes[i++];
            if (r0.Value != '_') break;
            sb.Append(r0);
        }
        if (i == runes.Count) return r0.Value == '_' ? sb.ToString() : sb.Append(Rune.ToUpperInvariant(r0)).ToString();
        r0 = Rune.ToUpperInvariant(r0);
        while (i < runes.Count)
        {
            var r1 = r0;
            r0 = runes[i++];
            if (r1.Value == '_' && r0.Value == '_')
            {
                sb.Append(r1);
                continue;
            }
            r0 = r1.Value == '_' ? Rune.ToUpperInvariant(r0) : Rune.ToLowerInvariant(r0);
            if (r1.Value != '_') sb.Append(r1);
        }
        return sb.Append(r0).ToString();
    }

    /// <summary>goutils' SwapCase: upper and title case become lower case, lower case becomes upper (title) case.</summary>
    private static string SwapCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(Rune.GetUnicodeCategory(r) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter => Rune.ToLowerInvariant(r),
                UnicodeCategory.LowercaseLetter => Rune.ToUpperInvariant(r),
                _ => r,
            });
        }
        return sb.ToString();
    }

    /// <summary>goutils' Uncapitalize: the first letter of every white-space separated word lower-cased.</summary>
    private static string Untitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var next = true;
        foreach (var r in s.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(r))
            {
                next = true;
                sb.Append(r);
            }
            else
            {
                sb.Append(next ? Rune.ToLowerInvariant(r) : r);
                next = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>xstrings' Shuffle: the characters (runes) in random order.</summary>
    private static string Shuffle(string s)
    {
        var runes = s.EnumerateRunes().ToArray();
        Random.Shared.Shuffle(runes);
        var sb = new StringBuilder(s.Length);
        foreach (var r in runes) sb.Append(r);
        return sb.ToString();
    }
}
