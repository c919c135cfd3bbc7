using System.Globalization;

namespace TaskRunner.Templating.Values;

/// <summary>Numeric conversions: exact ones for Go semantics, and Sprig's lenient casts (numeric strings accepted).</summary>
internal static class Numbers
{
    public static long ToLong(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        ulong u => unchecked((long)u),
        uint u => u,
        ushort u => u,
        byte b => b,
        double d => (long)d,
        float f => (long)f,
        decimal m => (long)m,
        _ => throw new InvalidCastException(),
    };

    public static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        ulong u => u,
        _ => ToLong(value),
    };

    /// <summary>
    /// Sprig v2's toInt64: integers as they are (unsigned beyond int64 are its maximum), floats truncate (NaN and
    /// out-of-range give int64's minimum, as Go's conversion does on amd64), bools are 0/1, strings go through
    /// strconv.ParseInt(s, 10, 64) (sign and decimal digits only: " 5", "5.0" and "0x10" are 0), anything else is 0.
    /// </summary>
    public static long CastInt64(object? value)
    {
        switch (GoKinds.Of(value))
        {
            case GoKind.Int:
                return ToLong(value!);
            case GoKind.Uint:
                var u = Convert.ToUInt64(value!, CultureInfo.InvariantCulture);
                return u > long.MaxValue ? long.MaxValue : (long)u;
            case GoKind.Float:
                return FloatToInt64(ToDouble(value!));
            case GoKind.Bool:
                return (bool)value! ? 1 : 0;
            case GoKind.String:
                return ParseDecimalInteger((string)value!) ?? 0;
            default:
                return 0;
        }
    }

    /// <summary>Go's int64(f) on amd64: truncation, and the "integer indefinite" int64 minimum for NaN and out-of-range values.</summary>
    public static long FloatToInt64(double d) =>
        double.IsNaN(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 ? long.MinValue : (long)Math.Truncate(d);

    /// <summary>
    /// Sprig v2's toFloat64: numbers convert, bools are 0/1, strings go through strconv.ParseFloat(s, 64) (no
    /// trimming; "1e400" and " 1.5" are 0), anything else is 0.
    /// </summary>
    public static double CastFloat64(object? value)
    {
        switch (GoKinds.Of(value))
        {
            case GoKind.Int:
            case GoKind.Uint:
            case GoKind.Float:
                return ToDouble(value!);
            case GoKind.Bool:
                return (bool)value! ? 1 : 0;
            case GoKind.String:
                return ParseFloat((string)value!) ?? 0;
            default:
                return 0;
        }
    }

    /// <summary>Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, nothing else; null when out of range.</summary>
    public static long? ParseDecimalInteger(string s)
    {
        var start = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        if (start == s.Length) return null;
        for (var i = start; i < s.Length; i++)
            if (s[i] is < '0' or > '9') return null;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static readonly System.Text.RegularExpressions.Regex DecimalFloat = new(
        @"^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex HexFloat = new(
        @"^([+-]?)0[xX]_?((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?[pP]([+-]?[0-9](?:_?[0-9])*)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Go's strconv.ParseFloat(s, 64): decimal or hexadecimal (with a p exponent) Go float syntax, '_' between digits,
    /// "inf"/"infinity" (signed) and "nan" in any case; null when the text is not a float or is out of range.
    /// </summary>
    public static double? ParseFloat(string s)
    {
        var word = s.TrimStart('+', '-');
        if (s.Length - word.Length <= 1)
        {
            var negative = s.StartsWith('-');
            if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
                return negative ? double.NegativeInfinity : double.PositiveInfinity;
            if (word.Length == s.Length && word.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        }
        double result;
        if (DecimalFloat.IsMatch(s))
        {
            result = double.Parse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        else if (HexFloat.Match(s) is { Success: true } hex && (hex.Groups[2].Length + hex.Groups[3].Length) > 0)
        {
            var digits = (hex.Groups[2].Value + hex.Groups[3].Value).Replace("_", "");
            var exponent = int.TryParse(hex.Groups[4].Value.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e)
                ? e : (hex.Groups[4].Value.StartsWith('-') ? int.MinValue / 2 : int.MaxValue / 2);
            var mantissa = System.Numerics.BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var shift = (long)exponent - 4L * hex.Groups[3].Value.Replace("_", "").Length;
            result = ScaleByPowerOfTwo(mantissa, shift);
            if (hex.Groups[1].Value == "-") result = -result;
        }
        else
        {
            return null;
        }
        return double.IsInfinity(result) ? null : result;
    }

    private static double ScaleByPowerOfTwo(System.Numerics.BigInteger mantissa, long shift)
    {
        if (mantissa.IsZero) return 0;
        // Keep 64 significant bits (plus a sticky bit) so the final rounding to 53 bits is correct.
        var bits = (long)mantissa.GetBitLength();
        if (bits > 64)
        {
            var drop = (int)(bits - 64);
            var sticky = !(mantissa & ((System.Numerics.BigInteger.One << drop) - 1)).IsZero;
            mantissa = (mantissa >> drop) | (sticky ? 1 : 0);
            shift += drop;
        }
        return Math.ScaleB((double)(ulong)mantissa, (int)Math.Clamp(shift, -100_000, 100_000));
    }

    /// <summary>Go's strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b or leading-0 octal, '_' separators.</summary>
    public static long? ParseInteger(string s)
    {
        if (s.Length == 0) return null;
        var negative = s[0] == '-';
        if (Magnitude(s[0] is '+' or '-' ? s[1..] : s) is not { } value) return null;
        if (negative) return value <= 1UL << 63 ? unchecked(-(long)value) : null;
        return value <= long.MaxValue ? (long)value : null;
    }

    /// <summary>Go's strconv.ParseUint(s, 0, 64): no sign, 0x/0o/0b or leading-0 octal, '_' separators.</summary>
    public static ulong? ParseUnsigned(string s) => s.Length > 0 && s[0] is '+' or '-' ? null : Magnitude(s);

    private static ulong? Magnitude(string body)
    {
        if (body.Length == 0) return null;
        int radix = 10, start = 0;
        if (body.Length > 1 && body[0] == '0')
        {
            (radix, start) = (body[1] | 0x20) switch { 'x' => (16, 2), 'o' => (8, 2), 'b' => (2, 2), _ => (8, 1) };
        }
        else if (body.Contains('_')) return null;
        if (start >= body.Length) return null;
        ulong value = 0;
        for (var i = start; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '_' && radix != 10) continue;
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return null;
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix) return null;
            value = value * (ulong)radix + (ulong)digit;
        }
        return value;
    }
}
