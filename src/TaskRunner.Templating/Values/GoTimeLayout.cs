using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>Formats times with Go reference-time layouts ("2006-01-02 15:04:05", "Jan _2", "Z07:00"...).</summary>
internal static class GoTimeLayout
{
    /// <summary>What Go prints for a time.Time value: "2006-01-02 15:04:05.999999999 -0700 MST".</summary>
    public const string Default = "2006-01-02 15:04:05.999999999 -0700 MST";

    /// <summary>The time in its own offset; "MST" prints <paramref name="zoneName"/>, else "UTC" at offset zero, else "-0700".</summary>
    public static string Format(DateTimeOffset t, string layout, string? zoneName = null)
    {
        var sb = new StringBuilder(layout.Length + 8);
        var i = 0;
        while (i < layout.Length)
        {
            var rest = layout.AsSpan(i);
            if (Match(rest, "January")) { sb.Append(CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(t.Month)); i += 7; }
            else if (Match(rest, "Jan")) { sb.Append(CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(t.Month)); i += 3; }
            else if (Match(rest, "Monday")) { sb.Append(t.DayOfWeek.ToString()); i += 6; }
            else if (Match(rest, "Mon")) { sb.Append(t.DayOfWeek.ToString()[..3]); i += 3; }
            else if (Match(rest, "MST")) { sb.Append(zoneName ?? (t.Offset == TimeSpan.Zero ? "UTC" : Offset(t.Offset, false, false))); i += 3; }
            else if (Match(rest, "2006")) { sb.Append(t.Year.ToString("D4", CultureInfo.InvariantCulture)); i += 4; }
            else if (Match(rest, "2")) { sb.Append(t.Day); i += 1; }
            else if (Match(rest, "_2")) { sb.Append(t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)); i += 2; }
            else if (Match(rest, "__2")) { sb.Append(t.DayOfYear.ToString(CultureInfo.InvariantCulture).PadLeft(3)); i += 3; }
            else if (Match(rest, "002")) { sb.Append(t.DayOfYear.ToString("D3", CultureInfo.InvariantCulture)); i += 3; }
            else if (Match(rest, "01")) { sb.Append(t.Month.ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "02")) { sb.Append(t.Day.ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "03")) { sb.Append(Hour12(t).ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "04")) { sb.Append(t.Minute.ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "05")) { sb.Append(t.Second.ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "06")) { sb.Append((t.Year % 100).ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "15")) { sb.Append(t.Hour.ToString("D2", CultureInfo.InvariantCulture)); i += 2; }
            else if (Match(rest, "1")) { sb.Append(t.Month); i += 1; }
            else if (Match(rest, "3")) { sb.Append(Hour12(t)); i += 1; }
            else if (Match(rest, "4")) { sb.Append(t.Minute); i += 1; }
            else if (Match(rest, "5")) { sb.Append(t.Second); i += 1; }
            else if (Match(rest, "PM")) { sb.Append(t.Hour >= 12 ? "PM" : "AM"); i += 2; }
            else if (Match(rest, "pm")) { sb.Append(t.Hour >= 12 ? "pm" : "am"); i += 2; }
            else if (Match(rest, "Z07:00")) { sb.Append(t.Offset == TimeSpan.Zero ? "Z" : Offset(t.Offset, true, false)); i += 6; }
            else if (Match(rest, "Z0700")) { sb.Append(t.Offset == TimeSpan.Zero ? "Z" : Offset(t.Offset, false, false)); i += 5; }
            else if (Match(rest, "Z07")) { sb.Append(t.Offset == TimeSpan.Zero ? "Z" : Offset(t.Offset, false, true)); i += 3; }
            else if (Match(rest, "-07:00")) { sb.Append(Offset(t.Offset, true, false)); i += 6; }
            else if (Match(rest, "-0700")) { sb.Append(Offset(t.Offset, false, false)); i += 5; }
            else if (Match(rest, "-07")) { sb.Append(Offset(t.Offset, false, true)); i += 3; }
            else if ((rest[0] is '.' or ',') && rest.Length > 1 && rest[1] is '0' or '9' && FractionLength(rest) is var n && n > 0)
            {
                AppendFraction(sb, t, rest[0], rest[1] == '9', n);
                i += 1 + n;
            }
            else { sb.Append(rest[0]); i++; }
        }
        return sb.ToString();
    }

    private static bool Match(ReadOnlySpan<char> rest, string token) => rest.StartsWith(token, StringComparison.Ordinal);

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    private static string Offset(TimeSpan offset, bool colon, bool hoursOnly)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        var h = abs.Hours.ToString("D2", CultureInfo.InvariantCulture);
        if (hoursOnly) return $"{sign}{h}";
        var m = abs.Minutes.ToString("D2", CultureInfo.InvariantCulture);
        return colon ? $"{sign}{h}:{m}" : $"{sign}{h}{m}";
    }

    /// <summary>Length of a run of the same digit (0 or 9) after '.', if not followed by another digit.</summary>
    private static int FractionLength(ReadOnlySpan<char> rest)
    {
        var digit = rest[1];
        var n = 1;
        while (n + 1 < rest.Length && rest[n + 1] == digit) n++;
        if (n + 1 < rest.Length && char.IsAsciiDigit(rest[n + 1])) return 0;
        return n;
    }

    private static void AppendFraction(StringBuilder sb, DateTimeOffset t, char separator, bool trimZeros, int digits)
    {
        var nanos = (t.Ticks % TimeSpan.TicksPerSecond) * 100;
        var text = nanos.ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(digits, 9)];
        if (trimZeros)
        {
            text = text.TrimEnd('0');
            if (text.Length == 0) return;
        }
        sb.Append(separator).Append(text);
    }
}
