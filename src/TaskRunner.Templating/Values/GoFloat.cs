using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>Formats float64 values the way Go's strconv and fmt do (%v, %g, %e, %f and encoding/json).</summary>
internal static class GoFloat
{
    /// <summary>Shortest round-trip decimal digits (no leading/trailing zeros) and the decimal point position: value = 0.digits × 10^point.</summary>
    private static (string Digits, int Point) Shortest(double abs)
    {
        if (abs == 0) return ("0", 1);
        var r = abs.ToString("R", CultureInfo.InvariantCulture);
        var exp = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var intPart = dot < 0 ? r : r[..dot];
        var digits = dot < 0 ? r : r.Remove(dot, 1);
        var point = intPart.Length + exp;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..];
        point -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return ("0", 1);
        return (digits, point);
    }

    private static string? Special(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : null;

    /// <summary>fmt's %v for float64 (strconv 'g' with shortest precision).</summary>
    public static string Format(double v) => FormatG(v, -1, false);

    /// <summary>strconv.FormatFloat(v, 'g', precision, 64); precision -1 is the shortest representation.</summary>
    public static string FormatG(double v, int precision, bool upper)
    {
        if (Special(v) is { } s) return s;
        var negative = v < 0 || (v == 0 && double.IsNegative(v));
        var abs = Math.Abs(v);
        string digits;
        int point;
        int eprec;
        if (precision < 0)
        {
            (digits, point) = Shortest(abs);
            eprec = 6;
        }
        else
        {
            if (precision == 0) precision = 1;
            var e = abs.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
            var mant = e[..e.IndexOf('E')].Replace(".", "");
            var exp = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            digits = abs == 0 ? "0" : mant.TrimEnd('0');
            if (digits.Length == 0) digits = "0";
            point = abs == 0 ? 1 : exp + 1;
            eprec = precision;
            if (eprec > digits.Length && digits.Length >= point) eprec = digits.Length;
        }
        var x = point - 1;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (x < -4 || x >= eprec)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            AppendExponent(sb, x, upper ? 'E' : 'e', 2);
        }
        else
        {
            AppendFixed(sb, digits, point);
        }
        return sb.ToString();
    }

    private static void AppendFixed(StringBuilder sb, string digits, int point)
    {
        if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
    }

    private static void AppendExponent(StringBuilder sb, int exp, char e, int minDigits)
    {
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        var text = Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        if (text.Length < minDigits) sb.Append('0', minDigits - text.Length);
        sb.Append(text);
    }

    /// <summary>%e with a precision (default 6).</summary>
    public static string FormatE(double v, int precision, bool upper)
    {
        if (Special(v) is { } s) return s;
        var e = Math.Abs(v).ToString((upper ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        var at = e.IndexOfAny(['E', 'e']);
        var exp = int.Parse(e.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        if (v < 0 || double.IsNegative(v)) sb.Append('-');
        sb.Append(e, 0, at);
        AppendExponent(sb, exp, upper ? 'E' : 'e', 2);
        return sb.ToString();
    }

    /// <summary>%f with a precision (default 6).</summary>
    public static string FormatF(double v, int precision)
    {
        if (Special(v) is { } s) return s;
        var text = Math.Abs(v).ToString("F" + precision, CultureInfo.InvariantCulture);
        return (v < 0 || double.IsNegative(v)) ? "-" + text : text;
    }

    /// <summary>How encoding/json writes a float64: shortest digits, fixed notation unless tiny or huge.</summary>
    public static string Json(double v)
    {
        var abs = Math.Abs(v);
        var (digits, point) = Shortest(abs);
        var sb = new StringBuilder();
        if (v < 0) sb.Append('-');
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            AppendExponent(sb, point - 1, 'e', 1);
        }
        else
        {
            AppendFixed(sb, digits, point);
        }
        return sb.ToString();
    }
}
