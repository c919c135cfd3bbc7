using System.Globalization;
using System.Text;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig's case conversions: snakecase, kebabcase and camelcase are huandu/xstrings v1.3.2 (the version acb vendors),
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

    /// <summary>xstrings' isConnector: '-', '_' and white space (Go's unicode.IsSpace, the same set as .NET's).</summary>
    private static bool IsConnector(Rune r) => r.Value is '-' or '_' || Rune.IsWhiteSpace(r);

    /// <summary>xstrings' isAlphabet: a letter that is not a CJK ideograph.</summary>
    private static bool IsAlphabet(Rune r)
    {
        if (!Rune.IsLetter(r)) return false;
        var v = r.Value;
        if (v < 0x3400) return true;
        return !(v is >= 0x4E00 and <= 0x9FCC or >= 0x3400 and <= 0x4D85 or >= 0x20000 and <= 0x2B81D);
    }

    private enum WordType { Invalid, Number, UpperCase, Alphabet, Connector, Punct, Other }

    /// <summary>
    /// A word of the input: runes [Start, End). Go's text is UTF-8 bytes and xstrings skips undecodable ones
    /// (utf8.RuneError, which a literal U+FFFD also decodes to); here the text is runes and U+FFFD is the skipped one.
    /// </summary>
    private readonly record struct Word(WordType Type, int Start, int End);

    /// <summary>
    /// huandu/xstrings v1.3.2's camelCaseToLowerCase (ToSnakeCase, ToKebabCase), which acb vendors: the text is cut into
    /// words (connectors, punctuation, a capital with its lower-case letters or a run of capitals, letters, numbers,
    /// other characters) and the words are joined with the connector, with its rules for numbers (`Bld4Floor3rd` →
    /// `bld4_floor_3rd`, `HTTP2xx` → `http_2xx`). Only capitals and connectors are changed; runs of connectors become
    /// as many connectors, punctuation takes no connector, other characters (`=`, `+`, CJK) are words of their own.
    /// </summary>
    private static string ToLowerWords(string s, char connectorChar)
    {
        if (s.Length == 0) return "";
        var runes = s.EnumerateRunes().ToArray();
        var connector = new Rune(connectorChar);
        var sb = new StringBuilder(s.Length + 8);
        var w = NextWord(runes, 0);
        while (w.End < runes.Length)
        {
            if (w.Type != WordType.Connector) ToLower(sb, runes, w, connector);
            var prev = w;
            w = NextWord(runes, w.End);
            switch (prev.Type)
            {
                case WordType.Number:
                    while (w.Type is WordType.Alphabet or WordType.Number)
                    {
                        ToLower(sb, runes, w, connector);
                        w = NextWord(runes, w.End);
                    }
                    if (w.Type is not (WordType.Invalid or WordType.Punct)) sb.Append(connector);
                    break;
                case WordType.Connector:
                    ToLower(sb, runes, prev, connector);
                    break;
                case WordType.Punct:
                    break;
                default:
                    if (w.Type != WordType.Number)
                    {
                        if (w.Type is not (WordType.Connector or WordType.Punct)) sb.Append(connector);
                        break;
                    }
                    if (w.End == runes.Length) break;
                    var number = w;
                    w = NextWord(runes, w.End);
                    if (w.Type != WordType.Alphabet)
                    {
                        // A number between a word and a non-letter stays with the word: Bld4Floor → bld4_floor.
                        ToLower(sb, runes, number with { Type = WordType.Number }, connector);
                        if (w.Type is not (WordType.Connector or WordType.Punct)) sb.Append(connector);
                        break;
                    }
                    // Letters after the number: the number starts a word (HTTP2xx → http_2xx).
                    sb.Append(connector);
                    ToLower(sb, runes, number with { Type = WordType.Number }, connector);
                    while (w.Type is WordType.Alphabet or WordType.Number)
                    {
                        ToLower(sb, runes, w, connector);
                        w = NextWord(runes, w.End);
                    }
                    if (w.Type is not (WordType.Invalid or WordType.Connector or WordType.Punct)) sb.Append(connector);
                    break;
            }
        }
        ToLower(sb, runes, w, connector);
        return sb.ToString();
    }

    /// <summary>xstrings' nextValidRune: the first rune that is not U+FFFD and how many runes that took; prev if none.</summary>
    private static (Rune Rune, int Size) NextValidRune(Rune[] runes, int pos, Rune prev)
    {
        var size = 0;
        while (pos < runes.Length)
        {
            var r = runes[pos++];
            size++;
            if (r != Rune.ReplacementChar) return (r, size);
        }
        return (prev, size);
    }

    /// <summary>xstrings v1.3.2's nextWord: the word starting at start (an empty Invalid word at the end).</summary>
    private static Word NextWord(Rune[] runes, int start)
    {
        if (start >= runes.Length) return new Word(WordType.Invalid, start, start);
        var (r, size) = NextValidRune(runes, start, Rune.ReplacementChar);
        var offset = start + size;
        if (r == Rune.ReplacementChar) return new Word(WordType.Invalid, start, offset);

        WordType type;
        if (IsConnector(r))
        {
            type = WordType.Connector;
            offset = Extend(runes, offset, ref r, IsConnector);
        }
        else if (Rune.IsPunctuation(r))
        {
            type = WordType.Punct;
            offset = Extend(runes, offset, ref r, Rune.IsPunctuation);
        }
        else if (Rune.IsUpper(r))
        {
            type = WordType.UpperCase;
            if (offset < runes.Length)
            {
                (r, size) = NextValidRune(runes, offset, r);
                if (Rune.IsUpper(r))
                {
                    var prevSize = size;
                    offset += size;
                    while (offset < runes.Length)
                    {
                        (r, size) = NextValidRune(runes, offset, r);
                        if (!Rune.IsUpper(r)) break;
                        prevSize = size;
                        offset += size;
                    }
                    // "HTTPStatus" is "HTTP" and "Status": the last capital starts the next word.
                    if (offset < runes.Length && IsAlphabet(r)) offset -= prevSize;
                }
                else if (IsAlphabet(r))
                {
                    offset += size;
                    offset = Extend(runes, offset, ref r, x => IsAlphabet(x) && !Rune.IsUpper(x));
                }
            }
        }
        else if (IsAlphabet(r))
        {
            type = WordType.Alphabet;
            offset = Extend(runes, offset, ref r, x => IsAlphabet(x) && !Rune.IsUpper(x));
        }
        else if (Rune.IsNumber(r))
        {
            type = WordType.Number;
            offset = Extend(runes, offset, ref r, Rune.IsNumber);
        }
        else
        {
            type = WordType.Other;
            offset = Extend(runes, offset, ref r,
                x => !(IsConnector(x) || IsAlphabet(x) || Rune.IsNumber(x) || Rune.IsPunctuation(x)));
        }
        return new Word(type, start, offset);
    }

    /// <summary>Takes runes while they are in the word (a trailing U+FFFD counts as the rune before it, as in Go).</summary>
    private static int Extend(Rune[] runes, int offset, ref Rune r, Func<Rune, bool> inWord)
    {
        while (offset < runes.Length)
        {
            var (next, size) = NextValidRune(runes, offset, r);
            r = next;
            if (!inWord(r)) break;
            offset += size;
        }
        return offset;
    }

    /// <summary>xstrings' toLower: capitals and connectors words lower-cased with connectors replaced; others as they are.</summary>
    private static void ToLower(StringBuilder sb, Rune[] runes, Word w, Rune connector)
    {
        for (var i = w.Start; i < w.End; i++)
        {
            var r = runes[i];
            if (w.Type is not (WordType.UpperCase or WordType.Connector)) sb.Append(r);
            else if (IsConnector(r)) sb.Append(connector);
            else if (Rune.IsUpper(r)) sb.Append(GoCase.ToLower(r));
            else sb.Append(r);
        }
    }

    /// <summary>
    /// xstrings v1.3.2's ToCamelCase: leading connectors ('-', '_', white space) kept, the first letter upper-cased,
    /// a letter after a connector upper-cased and the connector dropped (of a run of connectors all but the last
    /// are kept, with what they were), every other letter lower-cased. A text of connectors only gets its last one
    /// written twice (`__` → `___`), as Go writes the last rune read once more when the leading connectors reach the end.
    /// </summary>
    private static string CamelCase(string s)
    {
        if (s.Length == 0) return "";
        var runes = s.EnumerateRunes().ToArray();
        var sb = new StringBuilder(s.Length);
        var i = 0;
        var r0 = default(Rune);
        while (i < runes.Length)
        {
            r0 = runes[i++];
            if (!IsConnector(r0))
            {
                r0 = GoCase.ToUpper(r0);
                break;
            }
            sb.Append(r0);
        }
        if (i == runes.Length) return sb.Append(r0).ToString();
        while (i < runes.Length)
        {
            var r1 = r0;
            r0 = runes[i++];
            if (IsConnector(r0) && IsConnector(r1))
            {
                sb.Append(r1);
                continue;
            }
            if (IsConnector(r1))
            {
                r0 = GoCase.ToUpper(r0);
            }
            else
            {
                r0 = GoCase.ToLower(r0);
                sb.Append(r1);
            }
        }
        return sb.Append(r0).ToString();
    }

    /// <summary>
    /// goutils v1.1.1's SwapCase: upper and title case become lower case; lower case becomes upper case, or title case
    /// at the start of the text and after white space (<c>ǆ</c> → <c>ǅ</c> there, <c>Ǆ</c> elsewhere).
    /// </summary>
    private static string SwapCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        var whitespace = true;
        foreach (var r in s.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(r))
            {
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter:
                    sb.Append(GoCase.ToLower(r));
                    whitespace = false;
                    break;
                case UnicodeCategory.LowercaseLetter:
                    sb.Append(whitespace ? GoCase.ToTitle(r) : GoCase.ToUpper(r));
                    whitespace = false;
                    break;
                default:
                    sb.Append(r);
                    whitespace = Rune.IsWhiteSpace(r);
                    break;
            }
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
                sb.Append(next ? GoCase.ToLower(r) : r);
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
