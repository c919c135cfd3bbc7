using System.Globalization;
using System.Text;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's string functions, with Sprig's argument order (the string operated on comes last, so it can be piped).</summary>
internal static class SprigStrings
{
    public static void Register(FunctionTable t)
    {
        t.Add("upper", 1, 1, (a, _) => GoCase.Upper(Args.String(a, 0)));
        t.Add("lower", 1, 1, (a, _) => GoCase.Lower(Args.String(a, 0)));
        t.Add("title", 1, 1, (a, _) => Title(Args.String(a, 0)));
        t.Add("trim", 1, 1, (a, _) => Args.String(a, 0).Trim());
        t.Add("trimAll", 2, 2, (a, _) => Args.String(a, 1).Trim(Args.String(a, 0).ToCharArray()));
        t.Add("trimall", 2, 2, (a, _) => Args.String(a, 1).Trim(Args.String(a, 0).ToCharArray()));
        t.Add("hello", 0, 0, (_, _) => "Hello!");
        t.Add("trimPrefix", 2, 2, (a, _) => TrimPrefix(Args.String(a, 1), Args.String(a, 0)));
        t.Add("trimSuffix", 2, 2, (a, _) => TrimSuffix(Args.String(a, 1), Args.String(a, 0)));
        t.Add("replace", 3, 3, (a, _) => Replace(Args.String(a, 2), Args.String(a, 0), Args.String(a, 1)));
        t.Add("contains", 2, 2, (a, _) => Args.String(a, 1).Contains(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("hasPrefix", 2, 2, (a, _) => Args.String(a, 1).StartsWith(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("hasSuffix", 2, 2, (a, _) => Args.String(a, 1).EndsWith(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("quote", 0, -1, (a, _) => Join(" ", a.Where(v => v is not null).Select(v => Values.GoFormat.Quote(Args.StrVal(v))).ToList()));
        t.Add("squote", 0, -1, (a, _) => Join(" ", a.Where(v => v is not null).Select(v => "'" + Values.GoFormat.Value(v) + "'").ToList()));
        t.Add("cat", 0, -1, (a, _) => Join(" ", a.Where(v => v is not null).Select(Args.StrVal).ToList()));
        t.Add("toString", 1, 1, (a, _) => Args.StrVal(a[0]));
        t.Add("repeat", 2, 2, (a, _) => Repeat(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("nospace", 1, 1, (a, _) => DeleteWhiteSpace(Args.String(a, 0)));
        t.Add("trunc", 2, 2, (a, _) => Trunc(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("abbrev", 2, 2, (a, _) => Args.Int(a, 0) < 4 ? Args.String(a, 1) : AbbreviateFull(Args.String(a, 1), 0, Args.Int(a, 0)));
        t.Add("abbrevboth", 3, 3, (a, _) => AbbrevBoth(Args.Int(a, 0), Args.Int(a, 1), Args.String(a, 2)));
        t.Add("indent", 2, 2, (a, _) => Indent(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("nindent", 2, 2, (a, _) => "\n" + Indent(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("split", 2, 2, (a, _) => PartsMap(Split(Args.String(a, 1), Args.String(a, 0))));
        t.Add("splitn", 3, 3, (a, _) => PartsMap(SplitN(Args.String(a, 2), Args.String(a, 0), Args.Int(a, 1))));
        t.Add("toStrings", 1, 1, (a, _) => Args.StrSlice(a[0]));
        t.Add("splitList", 2, 2, (a, _) => Split(Args.String(a, 1), Args.String(a, 0)));
        t.Add("join", 2, 2, (a, _) => Join(Args.String(a, 0), Args.StrSlice(a[1])));
        t.Add("substr", 3, 3, (a, _) => Substr(Args.Int(a, 0), Args.Int(a, 1), Args.String(a, 2)));
        t.Add("plural", 3, 3, (a, _) => Args.Int(a, 2) == 1 ? Args.String(a, 0) : Args.String(a, 1));
        t.Add("initials", 1, 1, (a, _) => Initials(Args.String(a, 0)));
        t.Add("wrap", 2, 2, (a, _) => OnBytes(Args.String(a, 1), text => Wrap(text, Args.Int(a, 0), "\n", wrapLongWords: false)));
        t.Add("wrapWith", 3, 3, (a, _) => OnBytes(Args.String(a, 2), text => Wrap(text, Args.Int(a, 0), OnBytes(Args.String(a, 1), sep => sep, decode: false), wrapLongWords: true)));
        t.Add("randAlphaNum", 1, 1, (a, _) => RandomString(Args.Int(a, 0), AlphaNumeric));
        t.Add("randAlpha", 1, 1, (a, _) => RandomString(Args.Int(a, 0), AlphaNumeric[..52]));
        t.Add("randNumeric", 1, 1, (a, _) => RandomString(Args.Int(a, 0), AlphaNumeric[52..]));
        t.Add("randAscii", 1, 1, (a, _) => RandomString(Args.Int(a, 0), Ascii));
    }

    /// <summary>
    /// Sprig's substr on the string's UTF-8 bytes: s[:end] when start &lt; 0, s[start:] when end &lt; 0 or past the
    /// end, else s[start:end]; bounds Go cannot slice are its runtime error.
    /// </summary>
    private static string Substr(long start, long end, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        long from = start, to = end;
        if (start < 0) from = 0;
        else if (end < 0 || end > bytes.Length) to = bytes.Length;
        if (to < 0) throw FunctionException.Failed($"runtime error: slice bounds out of range [:{to}]");
        if (to > bytes.Length) throw FunctionException.Failed($"runtime error: slice bounds out of range [:{to}] with length {bytes.Length}");
        if (from > to)
            throw FunctionException.Failed($"runtime error: slice bounds out of range [{from}:{to}]");
        return Encoding.UTF8.GetString(bytes, (int)from, (int)(to - from));
    }

    /// <summary>
    /// goutils counts and cuts UTF-8 bytes: the text's bytes as one character each (Latin-1), the operation, and the
    /// bytes decoded again (unless <paramref name="decode"/> is false, for an argument of such an operation).
    /// </summary>
    private static string OnBytes(string s, Func<string, string> operation, bool decode = true)
    {
        var result = operation(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s)));
        return decode ? Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(result)) : result;
    }

    /// <summary>Go's unicode.IsSpace of a byte's value, as goutils tests single bytes.</summary>
    private static bool IsSpaceByte(char b) => b is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0';

    /// <summary>
    /// goutils' DeleteWhiteSpace: works on bytes, so the text comes back unchanged when it has no white space, and
    /// otherwise every remaining byte becomes the character of that value (é turns into Ã©, as in Sprig).
    /// </summary>
    private static string DeleteWhiteSpace(string s)
    {
        var bytes = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s));
        var kept = string.Concat(bytes.Where(b => !IsSpaceByte(b)));
        return kept.Length == bytes.Length ? s : kept;
    }

    /// <summary>goutils' Initials, on bytes: the first byte of every run without white space, as a character of that value.</summary>
    private static string Initials(string s)
    {
        var sb = new StringBuilder();
        var lastWasGap = true;
        foreach (var b in Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s)))
        {
            if (IsSpaceByte(b)) lastWasGap = true;
            else if (lastWasGap)
            {
                sb.Append(b);
                lastWasGap = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// goutils' WrapCustom: breaks the text at the last space that keeps a line within <paramref name="width"/>
    /// columns (at least 1), writing <paramref name="newline"/> ("" means "\n") there; spaces at the start of a new line
    /// are dropped; a longer word is cut at the width when <paramref name="wrapLongWords"/>, else kept whole.
    /// </summary>
    private static string Wrap(string s, long width, string newline, bool wrapLongWords)
    {
        if (s.Length == 0) return "";
        if (newline.Length == 0) newline = "\n";
        var length = (int)Math.Clamp(width, 1, int.MaxValue - 1);
        Execution.RenderBudget.Current.CheckChars(s.Length + (s.Length / (long)length + 1) * newline.Length);
        var offset = 0;
        var sb = new StringBuilder();
        while (s.Length - offset > length)
        {
            if (s[offset] == ' ')
            {
                offset++;
                continue;
            }
            var space = s.LastIndexOf(' ', offset + length, length + 1);
            var next = space >= offset ? space : wrapLongWords ? offset + length : s.IndexOf(' ', offset + length);
            if (next < 0)
            {
                sb.Append(s, offset, s.Length - offset);
                offset = s.Length;
                continue;
            }
            sb.Append(s, offset, next - offset).Append(newline);
            offset = space >= offset || !wrapLongWords ? next + 1 : next;
        }
        return sb.Append(s, offset, s.Length - offset).ToString();
    }

    private const string AlphaNumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string Ascii = new(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray());

    /// <summary>goutils' CryptoRandom strings: count characters from the set, from a cryptographic source; "" when count &lt;= 0.</summary>
    private static string RandomString(long count, string characters)
    {
        if (count <= 0) return "";
        if (count > 10_000_000) throw FunctionException.Failed("random strings are limited to 10 million characters");
        return System.Security.Cryptography.RandomNumberGenerator.GetString(characters, (int)count);
    }

    /// <summary>string.Join, refused when the result would pass the render's value limit.</summary>
    private static string Join(string separator, IReadOnlyList<string> parts)
    {
        long length = parts.Count == 0 ? 0 : (parts.Count - 1L) * separator.Length;
        foreach (var part in parts) length += part.Length;
        Execution.RenderBudget.Current.CheckChars(length);
        return string.Join(separator, parts);
    }

    private static string TrimPrefix(string s, string prefix) => prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    private static string TrimSuffix(string s, string suffix) => suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    /// <summary>strings.Replace(s, old, new, -1); an empty old inserts new around every character (rune), as in Go.</summary>
    private static string Replace(string s, string old, string replacement)
    {
        var budget = Execution.RenderBudget.Current;
        if (old.Length > 0)
        {
            if (replacement.Length > old.Length) budget.CheckChars(s.Length + (long)Occurrences(s, old) * (replacement.Length - old.Length));
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }
        budget.CheckChars(s.Length + (s.Length + 1L) * replacement.Length);
        var sb = new StringBuilder(replacement);
        foreach (var rune in s.EnumerateRunes()) sb.Append(rune).Append(replacement);
        return sb.ToString();
    }

    /// <summary>strings.Title: the first letter of every word in title case (Go's unicode.ToTitle); words are separated by spaces and punctuation.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsSeparator = true;
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(previousIsSeparator ? GoCase.ToTitle(r) : r);
            previousIsSeparator = IsSeparator(r);
        }
        return sb.ToString();
    }

    private static bool IsSeparator(Rune r)
    {
        if (r.Value <= 0x7F) return !(Rune.IsLetterOrDigit(r) || r.Value == '_');
        if (Rune.IsLetterOrDigit(r)) return false;
        return Rune.IsWhiteSpace(r);
    }

    private static string Repeat(long count, string s)
    {
        if (count < 0) throw FunctionException.Failed("strings: negative Repeat count");
        if (count * (long)s.Length > 10_000_000) throw FunctionException.Failed("repeat would produce more than 10 million characters");
        if (s.Length == 1) return new string(s[0], (int)count);
        var sb = new StringBuilder(s.Length * (int)count);
        for (var i = 0; i < count; i++) sb.Append(s);
        return sb.ToString();
    }

    /// <summary>Sprig v2's trunc: the first c bytes, the whole text when it is not longer; a negative c is Go's slice panic.</summary>
    private static string Trunc(long c, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length <= c) return s;
        if (c < 0) throw FunctionException.Failed($"runtime error: slice bounds out of range [:{c}]");
        return Encoding.UTF8.GetString(bytes, 0, (int)c);
    }

    /// <summary>Sprig's abbrevboth: goutils' AbbreviateFull unless the right width is below 4 (or below 7 with a left offset).</summary>
    private static string AbbrevBoth(long left, long right, string s) =>
        right < 4 || (left > 0 && right < 7) ? s : AbbreviateFull(s, left, right);

    /// <summary>
    /// goutils' AbbreviateFull on UTF-8 bytes: the text cut to maxWidth with "..." and, from a left offset past 4, a
    /// leading "..." too (the offset moves left so that maxWidth - 3 bytes stay).
    /// </summary>
    private static string AbbreviateFull(string s, long offset, long maxWidth)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var length = bytes.Length;
        if (length == 0 || maxWidth < 4) return "";
        if (length <= maxWidth) return s;
        offset = Math.Min(offset, length);
        if (length - offset < maxWidth - 3) offset = length - (maxWidth - 3);
        string Bytes(long from, long to) => Encoding.UTF8.GetString(bytes, (int)from, (int)(to - from));
        if (offset <= 4) return Bytes(0, maxWidth - 3) + "...";
        if (maxWidth < 7) return "";
        if (offset + maxWidth - 3 < length) return "..." + AbbreviateFull(Bytes(offset, length), 0, maxWidth - 3);
        return "..." + Bytes(length - (maxWidth - 3), length);
    }

    private static string Indent(long spaces, string s)
    {
        if (spaces > 10_000) throw FunctionException.Failed("indent is limited to 10000 spaces");
        if (spaces < 0) throw FunctionException.Failed("strings: negative Repeat count");
        Execution.RenderBudget.Current.CheckChars(s.Length + (Occurrences(s, "\n") + 1L) * spaces);
        var pad = new string(' ', (int)spaces);
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    /// <summary>Non-overlapping occurrences of <paramref name="part"/> (not empty) in <paramref name="s"/>.</summary>
    public static int Occurrences(string s, string part)
    {
        var count = 0;
        for (var i = s.IndexOf(part, StringComparison.Ordinal); i >= 0; i = s.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>strings.Split: an empty separator splits into characters (runes).</summary>
    public static List<string> Split(string s, string separator)
    {
        Execution.RenderBudget.Current.CheckItems(separator.Length > 0 ? Occurrences(s, separator) + 1L : s.Length);
        return separator.Length > 0 ? [.. s.Split(separator)] : s.EnumerateRunes().Select(r => r.ToString()).ToList();
    }

    /// <summary>strings.SplitN: at most n parts (the last one the unsplit rest), none when n is 0, all when n &lt; 0.</summary>
    private static List<string> SplitN(string s, string separator, long n)
    {
        if (n == 0) return [];
        var parts = Split(s, separator);
        if (n < 0 || parts.Count <= n) return parts;
        var head = parts.Take((int)n - 1).ToList();
        var consumed = head.Sum(p => p.Length) + head.Count * separator.Length;
        head.Add(s[consumed..]);
        return head;
    }

    /// <summary>Sprig's split and splitn result: a map from "_0", "_1", ... to the parts.</summary>
    private static Dictionary<string, object?> PartsMap(List<string> parts)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Count; i++) map["_" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        return map;
    }
}
