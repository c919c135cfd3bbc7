using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's string functions, with Sprig's argument order (the string operated on comes last, so it can be piped).</summary>
internal static class SprigStrings
{
    public static void Register(FunctionTable t)
    {
        t.Add("upper", 1, 1, (a, _) => Args.String(a, 0).ToUpperInvariant());
        t.Add("lower", 1, 1, (a, _) => Args.String(a, 0).ToLowerInvariant());
        t.Add("title", 1, 1, (a, _) => Title(Args.String(a, 0)));
        t.Add("trim", 1, 1, (a, _) => Args.String(a, 0).Trim());
        t.Add("trimAll", 2, 2, (a, _) => Args.String(a, 1).Trim(Args.String(a, 0).ToCharArray()));
        t.Add("trimPrefix", 2, 2, (a, _) => TrimPrefix(Args.String(a, 1), Args.String(a, 0)));
        t.Add("trimSuffix", 2, 2, (a, _) => TrimSuffix(Args.String(a, 1), Args.String(a, 0)));
        t.Add("replace", 3, 3, (a, _) => Replace(Args.String(a, 2), Args.String(a, 0), Args.String(a, 1)));
        t.Add("contains", 2, 2, (a, _) => Args.String(a, 1).Contains(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("hasPrefix", 2, 2, (a, _) => Args.String(a, 1).StartsWith(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("hasSuffix", 2, 2, (a, _) => Args.String(a, 1).EndsWith(Args.String(a, 0), StringComparison.Ordinal));
        t.Add("quote", 0, -1, (a, _) => string.Join(' ', a.Where(v => v is not null).Select(v => Values.GoFormat.Quote(Args.StrVal(v)))));
        t.Add("squote", 0, -1, (a, _) => string.Join(' ', a.Where(v => v is not null).Select(v => "'" + Values.GoFormat.Value(v) + "'")));
        t.Add("cat", 0, -1, (a, _) => string.Join(' ', a.Where(v => v is not null).Select(Args.StrVal)));
        t.Add("toString", 1, 1, (a, _) => Args.StrVal(a[0]));
        t.Add("repeat", 2, 2, (a, _) => Repeat(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("nospace", 1, 1, (a, _) => string.Concat(Args.String(a, 0).Where(c => !char.IsWhiteSpace(c))));
        t.Add("trunc", 2, 2, (a, _) => Trunc(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("abbrev", 2, 2, (a, _) => Abbrev(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("indent", 2, 2, (a, _) => Indent(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("nindent", 2, 2, (a, _) => "\n" + Indent(Args.Int(a, 0), Args.String(a, 1)));
        t.Add("split", 2, 2, (a, _) => SplitMap(Args.String(a, 0), Args.String(a, 1)));
        t.Add("splitList", 2, 2, (a, _) => Split(Args.String(a, 1), Args.String(a, 0)).Cast<object?>().ToList());
        t.Add("join", 2, 2, (a, _) => string.Join(Args.String(a, 0), Args.StrSlice(a[1])));
        t.Add("substr", 3, 3, (a, _) => Substr(Args.Int(a, 0), Args.Int(a, 1), Args.String(a, 2)));
        t.Add("plural", 3, 3, (a, _) => Args.Int(a, 2) == 1 ? Args.String(a, 0) : Args.String(a, 1));
        t.Add("initials", 1, 1, (a, _) => Initials(Args.String(a, 0)));
        t.Add("wrap", 2, 2, (a, _) => Wrap(Args.Int(a, 0), Args.String(a, 1)));
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

    /// <summary>goutils' Initials: the first character of every run of non-white-space characters.</summary>
    private static string Initials(string s)
    {
        var sb = new StringBuilder();
        var lastWasGap = true;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) lastWasGap = true;
            else if (lastWasGap)
            {
                sb.Append(c);
                lastWasGap = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// goutils' Wrap: breaks the text at the last space that keeps a line within <paramref name="width"/> columns;
    /// a longer word stays whole on its own line; spaces at the start of a new line are dropped.
    /// </summary>
    private static string Wrap(long width, string s)
    {
        if (s.Length == 0) return "";
        var length = (int)Math.Clamp(width, 1, int.MaxValue - 1);
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
            if (space >= offset)
            {
                sb.Append(s, offset, space - offset).Append('\n');
                offset = space + 1;
                continue;
            }
            var next = s.IndexOf(' ', offset + length);
            if (next < 0)
            {
                sb.Append(s, offset, s.Length - offset);
                offset = s.Length;
            }
            else
            {
                sb.Append(s, offset, next - offset).Append('\n');
                offset = next + 1;
            }
        }
        return sb.Append(s, offset, s.Length - offset).ToString();
    }

    private static string TrimPrefix(string s, string prefix) => prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    private static string TrimSuffix(string s, string suffix) => suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    /// <summary>strings.Replace(s, old, new, -1); an empty old inserts new between every character, as in Go.</summary>
    private static string Replace(string s, string old, string replacement)
    {
        if (old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder(replacement);
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) sb.Append(e.GetTextElement()).Append(replacement);
        return sb.ToString();
    }

    /// <summary>strings.Title: the first letter of every word upper-cased; words are separated by spaces and punctuation.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsSeparator = true;
        foreach (var c in s)
        {
            sb.Append(previousIsSeparator ? char.ToUpperInvariant(c) : c);
            previousIsSeparator = IsSeparator(c);
        }
        return sb.ToString();
    }

    private static bool IsSeparator(char c)
    {
        if (c <= 0x7F)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_') return false;
            return true;
        }
        if (char.IsLetterOrDigit(c)) return false;
        return char.IsWhiteSpace(c);
    }

    private static string Repeat(long count, string s)
    {
        if (count < 0) throw FunctionException.Failed("negative repeat count");
        if (count * (long)s.Length > 10_000_000) throw FunctionException.Failed("repeat would produce more than 10 million characters");
        return new StringBuilder().Insert(0, s, (int)count).ToString();
    }

    private static string Trunc(long c, string s)
    {
        if (c < 0 && s.Length + c > 0) return s[(int)(s.Length + c)..];
        if (c >= 0 && s.Length > c) return s[..(int)c];
        return s;
    }

    private static string Abbrev(long width, string s)
    {
        if (width < 4 || s.Length <= width) return s;
        return s[..(int)(width - 3)] + "...";
    }

    private static string Indent(long spaces, string s)
    {
        if (spaces > 10_000) throw FunctionException.Failed("indent is limited to 10000 spaces");
        var pad = new string(' ', (int)Math.Max(0, spaces));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    /// <summary>strings.Split: an empty separator splits into characters.</summary>
    public static List<string> Split(string s, string separator)
    {
        if (separator.Length > 0) return [.. s.Split(separator)];
        var parts = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) parts.Add(e.GetTextElement());
        return parts;
    }

    private static Dictionary<string, object?> SplitMap(string separator, string s)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var parts = Split(s, separator);
        for (var i = 0; i < parts.Count; i++) map["_" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        return map;
    }
}
