using System.Globalization;

namespace TaskRunner.Templating.Values;

/// <summary>
/// Go's time.ParseInLocation with a reference-time layout, in UTC (ACR's local zone): null where Go returns an error.
/// Numeric zone offsets give a time at that offset; zone names other than UTC count as UTC.
/// </summary>
internal static class GoTimeParse
{
    /// <summary>Layout elements, longest first where one is a prefix of another (Go's nextStdChunk).</summary>
    private static readonly string[] Elements =
    [
        "January", "Jan", "Monday", "Mon", "MST", "2006", "__2", "_2", "002", "01", "02", "03", "04", "05", "06", "15",
        "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07", "-07:00:00", "-070000", "-07:00", "-0700", "-07",
        "PM", "pm", "1", "2", "3", "4", "5",
    ];

    private sealed class Fields
    {
        public int Year, Month = -1, Day = -1, YearDay = -1, Hour, Minute, Second;
        public long Nanos;
        public bool Pm, Am, Utc;
        public int? Offset;
    }

    public static DateTimeOffset? Parse(string layout, string value)
    {
        var f = new Fields();
        var v = value;
        for (var i = 0; i < layout.Length;)
        {
            var (element, length) = Element(layout, i);
            if (element is null)
            {
                if (!SkipLiteral(layout, ref i, ref v)) return null;
                continue;
            }
            i += length;
            if (!Consume(element, layout, i, ref v, f)) return null;
        }
        return v.Length > 0 ? null : Build(f);
    }

    private static (string? Element, int Length) Element(string layout, int i)
    {
        var rest = layout.AsSpan(i);
        if (rest.Length > 1 && rest[0] is '.' or ',' && rest[1] is '0' or '9')
        {
            var n = 1;
            while (n + 1 < rest.Length && rest[n + 1] == rest[1]) n++;
            if (n + 1 >= rest.Length || !char.IsAsciiDigit(rest[n + 1])) return (rest[..(n + 1)].ToString(), n + 1);
        }
        if (rest.StartsWith("_2006")) return (null, 0);
        foreach (var e in Elements)
        {
            if (!rest.StartsWith(e, StringComparison.Ordinal)) continue;
            if (e is "Jan" or "Mon" && rest.Length > 3 && char.IsAsciiLetterLower(rest[3])) return (null, 0);
            return (e, e.Length);
        }
        return (null, 0);
    }

    /// <summary>Go's skip: a space in the layout matches any run of spaces (or the end); other characters match exactly.</summary>
    private static bool SkipLiteral(string layout, ref int i, ref string v)
    {
        if (layout[i] == ' ')
        {
            if (v.Length > 0 && v[0] != ' ') return false;
            while (i < layout.Length && layout[i] == ' ') i++;
            v = v.TrimStart(' ');
            return true;
        }
        if (v.Length == 0 || v[0] != layout[i]) return false;
        i++;
        v = v[1..];
        return true;
    }

    private static bool Consume(string element, string layout, int next, ref string v, Fields f)
    {
        switch (element)
        {
            case "2006": return Digits(ref v, 4, 4, out f.Year);
            case "06":
                if (!Digits(ref v, 2, 2, out var y)) return false;
                f.Year = y >= 69 ? 1900 + y : 2000 + y;
                return true;
            case "January" or "Jan": return Name(ref v, element.Length > 3 ? CultureInfo.InvariantCulture.DateTimeFormat.MonthNames : CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames, out f.Month, 1);
            case "Monday" or "Mon": return Name(ref v, element.Length > 3 ? CultureInfo.InvariantCulture.DateTimeFormat.DayNames : CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames, out _, 0);
            case "01" or "1": return Digits(ref v, element.Length, 2, out f.Month) && f.Month is >= 1 and <= 12;
            case "02" or "2": return Digits(ref v, element.Length, 2, out f.Day);
            case "_2":
                if (v.StartsWith(' ')) v = v[1..];
                return Digits(ref v, 1, 2, out f.Day);
            case "002" or "__2":
                if (element == "__2") v = v.TrimStart(' ');
                return Digits(ref v, element == "002" ? 3 : 1, 3, out f.YearDay) && f.YearDay is >= 1 and <= 366;
            case "15": return Digits(ref v, 1, 2, out f.Hour) && f.Hour < 24;
            case "03" or "3": return Digits(ref v, element.Length, 2, out f.Hour) && f.Hour <= 12;
            case "04" or "4": return Digits(ref v, element.Length, 2, out f.Minute) && f.Minute < 60;
            case "05" or "5":
                if (!Digits(ref v, element.Length, 2, out f.Second) || f.Second >= 60) return false;
                return Element(layout, next).Element is ['.' or ',', ..] || Fraction(ref v, f, exactDigits: 0);
            case "PM" or "pm":
                if (v.Length < 2) return false;
                var half = v[..2];
                f.Pm = half == (element == "PM" ? "PM" : "pm");
                f.Am = half == (element == "PM" ? "AM" : "am");
                v = v[2..];
                return f.Pm || f.Am;
            case "MST":
                if (v.StartsWith("UTC", StringComparison.Ordinal))
                {
                    v = v[3..];
                    f.Utc = true;
                    return true;
                }
                return ZoneName(ref v, f);
            case ['.' or ',', var digit, ..]:
                return Fraction(ref v, f, exactDigits: digit == '0' ? element.Length - 1 : 0);
            default:
                return ZoneOffset(element, ref v, f);
        }
    }

    /// <summary>
    /// Fractional seconds after '.' or ',': exactly <paramref name="exactDigits"/> digits for a .000 layout; otherwise
    /// all the digits there, or none at all (a .999 layout, or seconds followed by an unannounced fraction).
    /// </summary>
    private static bool Fraction(ref string v, Fields f, int exactDigits)
    {
        var present = v.Length > 1 && v[0] is '.' or ',' && char.IsAsciiDigit(v[1]);
        if (!present) return exactDigits == 0;
        var n = 1;
        while (n < v.Length && char.IsAsciiDigit(v[n]) && (exactDigits == 0 || n <= exactDigits)) n++;
        if (exactDigits > 0 && n != exactDigits + 1) return false;
        var digits = v[1..n];
        f.Nanos = long.Parse((digits + "000000000")[..9], CultureInfo.InvariantCulture);
        v = v[n..];
        return true;
    }

    /// <summary>Go's parseTimeZone: 3 upper-case letters, 4 or 5 ending in T (or WITA), or GMT with an optional hour offset.</summary>
    private static bool ZoneName(ref string v, Fields f)
    {
        if (v.StartsWith("GMT", StringComparison.Ordinal))
        {
            var n = 3;
            if (v.Length > 4 && v[3] is '+' or '-' && char.IsAsciiDigit(v[4]))
            {
                var k = 4;
                var hours = 0;
                while (k < v.Length && char.IsAsciiDigit(v[k])) hours = Math.Min(hours * 10 + (v[k++] - '0'), 100);
                if (hours <= 23)
                {
                    n = k;
                    f.Offset = v[3] == '-' ? -hours * 3600 : hours * 3600;
                }
            }
            v = v[n..];
            return true;
        }
        var upper = 0;
        while (upper < 6 && upper < v.Length && char.IsAsciiLetterUpper(v[upper])) upper++;
        var ok = upper switch
        {
            3 => true,
            4 => v[3] == 'T' || v.StartsWith("WITA", StringComparison.Ordinal),
            5 => v[4] == 'T',
            _ => false,
        };
        if (ok) v = v[upper..];
        return ok;
    }

    private static bool ZoneOffset(string element, ref string v, Fields f)
    {
        if (element[0] == 'Z' && v.StartsWith('Z'))
        {
            v = v[1..];
            f.Utc = true;
            return true;
        }
        var shape = element[0] == 'Z' ? "-" + element[1..] : element;
        if (v.Length < shape.Length || v[0] is not ('+' or '-')) return false;
        var seconds = 0;
        var unit = 3600;
        for (var k = 1; k < shape.Length; k += 2)
        {
            if (shape[k] == ':')
            {
                if (v[k] != ':') return false;
                k--;
                continue;
            }
            if (!char.IsAsciiDigit(v[k]) || !char.IsAsciiDigit(v[k + 1])) return false;
            seconds += ((v[k] - '0') * 10 + (v[k + 1] - '0')) * unit;
            unit /= 60;
        }
        f.Offset = v[0] == '-' ? -seconds : seconds;
        v = v[shape.Length..];
        return true;
    }

    private static bool Digits(ref string v, int min, int max, out int value)
    {
        value = 0;
        var n = 0;
        while (n < max && n < v.Length && char.IsAsciiDigit(v[n])) value = value * 10 + (v[n++] - '0');
        if (n < min) return false;
        v = v[n..];
        return true;
    }

    private static bool Name(ref string v, string[] names, out int index, int first)
    {
        for (var k = 0; k < names.Length; k++)
        {
            var name = names[k];
            if (name.Length == 0 || v.Length < name.Length || !v.StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            v = v[name.Length..];
            index = k + first;
            return true;
        }
        index = -1;
        return false;
    }

    private static DateTimeOffset? Build(Fields f)
    {
        if (f.Pm && f.Hour < 12) f.Hour += 12;
        else if (f.Am && f.Hour == 12) f.Hour = 0;
        if (f.Year < 1) return null;
        if (f.YearDay >= 0)
        {
            if (f.YearDay > (DateTime.IsLeapYear(f.Year) ? 366 : 365)) return null;
            var date = new DateTime(f.Year, 1, 1).AddDays(f.YearDay - 1);
            if ((f.Month >= 0 && f.Month != date.Month) || (f.Day >= 0 && f.Day != date.Day)) return null;
            (f.Month, f.Day) = (date.Month, date.Day);
        }
        if (f.Month < 0) f.Month = 1;
        if (f.Day < 0) f.Day = 1;
        if (f.Day < 1 || f.Day > DateTime.DaysInMonth(f.Year, f.Month)) return null;
        var offset = TimeSpan.FromSeconds(f.Utc ? 0 : f.Offset ?? 0);
        return new DateTimeOffset(f.Year, f.Month, f.Day, f.Hour, f.Minute, f.Second, offset).AddTicks(f.Nanos / 100);
    }
}
