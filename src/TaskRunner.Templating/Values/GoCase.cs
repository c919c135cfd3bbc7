using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>
/// Go's unicode.ToUpper, ToLower and ToTitle (simple case mappings of UnicodeData), where .NET's invariant mappings
/// differ: <c>İ</c> lower-cases to <c>i</c> and <c>ı</c> upper-cases to <c>I</c> in Go; the title case of the
/// <c>Ǆ</c>, <c>Ǉ</c>, <c>Ǌ</c>, <c>Ǳ</c> letters is their title-case form (<c>ǅ</c>).
/// </summary>
internal static class GoCase
{
    public static Rune ToUpper(Rune r) => r.Value == 0x131 ? new Rune('I') : Rune.ToUpperInvariant(r);

    public static Rune ToLower(Rune r) => r.Value == 0x130 ? new Rune('i') : Rune.ToLowerInvariant(r);

    public static Rune ToTitle(Rune r) => r.Value switch
    {
        >= 0x1C4 and <= 0x1C6 => new Rune(0x1C5),
        >= 0x1C7 and <= 0x1C9 => new Rune(0x1C8),
        >= 0x1CA and <= 0x1CC => new Rune(0x1CB),
        >= 0x1F1 and <= 0x1F3 => new Rune(0x1F2),
        _ => ToUpper(r),
    };

    /// <summary>strings.ToUpper.</summary>
    public static string Upper(string s) => Map(s, ToUpper);

    /// <summary>strings.ToLower.</summary>
    public static string Lower(string s) => Map(s, ToLower);

    private static string Map(string s, Func<Rune, Rune> map)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes()) sb.Append(map(r));
        return sb.ToString();
    }
}
