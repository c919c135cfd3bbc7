using System.Globalization;
using System.Numerics;
using System.Text;

namespace TaskRunner.Templating.Parsing;

/// <summary>Turns Go literal text (quoted strings, raw strings, character and number constants) into values.</summary>
internal static class Literals
{
    /// <summary>Unquotes "..." (with Go escapes), `...` (raw) or '.' (a rune, returned as its code point).</summary>
    public static string Unquote(string literal)
    {
        if (literal[0] == '`') return literal[1..^1].Replace("\r", "");
        var body = literal.AsSpan(1, literal.Length - 2);
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\') { sb.Append(c); continue; }
            if (++i >= body.Length) throw new FormatException("a backslash ends the string");
            c = body[i];
            switch (c)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': case '\'': case '"': sb.Append(c); break;
                case 'x': sb.Append((char)Hex(body, ref i, 2)); break;
                case 'u': sb.Append(CodePoint(Hex(body, ref i, 4))); break;
                case 'U': sb.Append(CodePoint(Hex(body, ref i, 8))); break;
                case >= '0' and <= '7':
                    if (i + 2 >= body.Length) throw new FormatException("octal escapes need three digits");
                    var octal = Convert.ToInt32(body.Slice(i, 3).ToString(), 8);
                    if (octal > 255) throw new FormatException("octal escape value > 255");
                    sb.Append((char)octal);
                    i += 2;
                    break;
                default: throw new FormatException($"unknown escape sequence \\{c}");
            }
        }
        return sb.ToString();
    }

    private static string CodePoint(int value) =>
        value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)
            ? char.ConvertFromUtf32(value)
            : throw new FormatException($"escape sequence is invalid Unicode code point U+{value:X}");

    private static int Hex(ReadOnlySpan<char> body, ref int i, int digits)
    {
        if (i + digits >= body.Length) throw new FormatException("incomplete hex escape");
        if (!int.TryParse(body.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw new FormatException("invalid hex escape");
        i += digits;
        return value;
    }

    /// <summary>A character constant's code point.</summary>
    public static long CharValue(string literal)
    {
        var text = Unquote(literal);
        if (text.Length == 1 && !char.IsSurrogate(text[0])) return text[0];
        if (text.Length == 2 && char.IsSurrogatePair(text[0], text[1])) return char.ConvertToUtf32(text[0], text[1]);
        throw new FormatException("a character constant holds exactly one character");
    }

    /// <summary>
    /// A number constant as Go's ideal constants are used: text with '.', 'e' or 'E' (not hex) is a float64, other
    /// integral values are int; hex, octal (0o or a leading 0) and binary prefixes and '_' separators are accepted.
    /// </summary>
    public static object Number(string text)
    {
        var clean = text.Replace("_", "");
        var negative = clean.StartsWith('-');
        var unsigned = clean.TrimStart('+', '-');
        var isHex = unsigned.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (TryInteger(unsigned, out var big))
        {
            if (negative) big = -big;
            if (big < long.MinValue || big > long.MaxValue) throw new FormatException($"integer overflow: {text}");
            return (long)big;
        }
        if (!isHex && double.TryParse(unsigned, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            if (negative) d = -d;
            var looksFloat = unsigned.IndexOfAny(['.', 'e', 'E']) >= 0;
            if (!looksFloat && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) return (long)d;
            return d;
        }
        throw new FormatException($"bad number syntax: \"{text}\"");
    }

    private static bool TryInteger(string s, out BigInteger value)
    {
        value = 0;
        if (s.Length == 0) return false;
        int radix = 10, start = 0;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (s[1] | 0x20)
            {
                case 'x': radix = 16; start = 2; break;
                case 'o': radix = 8; start = 2; break;
                case 'b': radix = 2; start = 2; break;
                default: radix = 8; start = 1; break;
            }
        }
        if (start >= s.Length) return false;
        for (var i = start; i < s.Length; i++)
        {
            var digit = s[i] switch
            {
                >= '0' and <= '9' => s[i] - '0',
                >= 'a' and <= 'f' => s[i] - 'a' + 10,
                >= 'A' and <= 'F' => s[i] - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return false;
            value = value * radix + digit;
        }
        return true;
    }
}
