using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>Go's time.Duration text: ParseDuration ("1h30m", "-1.5h", "300ms") and String for whole seconds ("1h2m3s").</summary>
internal static class GoDuration
{
    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1_000, ["\u00b5s"] = 1_000, ["\u03bcs"] = 1_000, ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000, ["m"] = 60_000_000_000, ["h"] = 3_600_000_000_000,
    };

    /// <summary>time.ParseDuration in nanoseconds; null where Go returns an error (syntax, unknown unit, overflow).</summary>
    public static long? Parse(string s)
    {
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        if (s == "0") return 0;
        if (s.Length == 0) return null;
        ulong total = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) return null;
            var i = 0;
            ulong whole = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (whole > (ulong.MaxValue / 2 - 9) / 10) return null;
                whole = whole * 10 + (ulong)(s[i++] - '0');
            }
            var hasWhole = i > 0;
            double fraction = 0, scale = 1;
            var hasFraction = false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (scale < 1e18)
                    {
                        fraction = fraction * 10 + (s[i] - '0');
                        scale *= 10;
                    }
                    i++;
                }
                hasFraction = i > start;
            }
            if (!hasWhole && !hasFraction) return null;
            var unitEnd = i;
            while (unitEnd < s.Length && s[unitEnd] != '.' && !char.IsAsciiDigit(s[unitEnd])) unitEnd++;
            if (!Units.TryGetValue(s[i..unitEnd], out var unit)) return null;
            if (whole > (1UL << 63) / unit) return null;
            var value = whole * unit + (ulong)(fraction * (unit / scale));
            total += value;
            if (value > 1UL << 63 || total > 1UL << 63) return null;
            s = s[unitEnd..];
        }
        if (negative) return total == 1UL << 63 ? long.MinValue : -(long)total;
        return total > long.MaxValue ? null : (long)total;
    }

    /// <summary>Duration.String of a whole number of seconds: "0s", "45s", "2m0s", "1h0m5s", with a leading '-' when negative.</summary>
    public static string FormatSeconds(long seconds)
    {
        if (seconds == 0) return "0s";
        var sb = new StringBuilder();
        if (seconds < 0) sb.Append('-');
        var abs = (ulong)Math.Abs((decimal)seconds);
        var (hours, minutes, secs) = (abs / 3600, abs / 60 % 60, abs % 60);
        if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (abs >= 60) sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        return sb.Append(secs.ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
