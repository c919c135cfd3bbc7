using System.Globalization;

namespace TaskRunner.Tasks.Validation;

/// <summary>Character and text rules of Go's standard library and google/uuid, as acb's validation applies them.</summary>
public static class GoText
{
    /// <summary>Go's unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and the Unicode White_Space letters.</summary>
    public static bool IsSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0' => true,
        _ => c > '\u00FF' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator,
    };

    /// <summary>
    /// google/uuid's Parse, on UTF-8 bytes: 36 with dashes at 8, 13, 18 and 23; 45 after "urn:uuid:" (any case); 38 with
    /// any first and last byte (braces, usually); or 32 hex digits.
    /// </summary>
    public static bool IsUuid(string text)
    {
        var s = System.Text.Encoding.UTF8.GetBytes(text).AsSpan();
        switch (s.Length)
        {
            case 36: break;
            case 45 when System.Text.Ascii.EqualsIgnoreCase(s[..9], "urn:uuid:"u8): s = s[9..]; break;
            case 38: s = s[1..]; break;
            case 32:
                foreach (var b in s) if (!char.IsAsciiHexDigit((char)b)) return false;
                return true;
            default: return false;
        }
        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != (byte)'-' : !char.IsAsciiHexDigit((char)s[i])) return false;
        }
        return true;
    }
}
