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

    /// <summary>Sprig's toInt64 (spf13/cast): numbers truncate, bools are 0/1, strings parse (base prefixes allowed), anything else is 0.</summary>
    public static long CastInt64(object? value)
    {
        switch (GoKinds.Of(value))
        {
            case GoKind.Int:
            case GoKind.Uint:
                return ToLong(value!);
            case GoKind.Float:
                var d = ToDouble(value!);
                return double.IsNaN(d) ? 0 : (long)Math.Truncate(d);
            case GoKind.Bool:
                return (bool)value! ? 1 : 0;
            case GoKind.String:
                return ParseInteger(TrimZeroDecimal(((string)value!).Trim())) ?? 0;
            default:
                return 0;
        }
    }

    /// <summary>Sprig's toFloat64: numbers convert, bools are 0/1, strings parse, anything else is 0.</summary>
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
                return double.TryParse(((string)value!).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
            default:
                return 0;
        }
    }

    /// <summary>"2.00" reads as "2" (as spf13/cast does before parsing an integer).</summary>
    private static string TrimZeroDecimal(string s)
    {
        var dot = s.IndexOf('.');
        if (dot < 0) return s;
        for (var i = dot + 1; i < s.Length; i++)
            if (s[i] != '0') return s;
        return s[..dot];
    }

    /// <summary>Go's strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b or leading-0 octal, '_' separators.</summary>
    public static long? ParseInteger(string s)
    {
        if (s.Length == 0) return null;
        var negative = s[0] == '-';
        var body = s[0] is '+' or '-' ? s[1..] : s;
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
        if (negative) return value <= 1UL << 63 ? unchecked(-(long)value) : null;
        return value <= long.MaxValue ? (long)value : null;
    }
}
