using System.Globalization;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's integer math: arguments go through toInt64, so numeric strings ("2") count as numbers; results are int64.</summary>
internal static class SprigMath
{
    public static void Register(FunctionTable t)
    {
        t.Add("add", 0, -1, (a, _) => a.Aggregate(0L, (sum, v) => unchecked(sum + Numbers.CastInt64(v))));
        t.Add("add1", 1, 1, (a, _) => unchecked(Numbers.CastInt64(a[0]) + 1));
        t.Add("sub", 2, 2, (a, _) => unchecked(Numbers.CastInt64(a[0]) - Numbers.CastInt64(a[1])));
        t.Add("mul", 1, -1, (a, _) => a.Aggregate(1L, (product, v) => unchecked(product * Numbers.CastInt64(v))));
        t.Add("div", 2, 2, (a, _) => Divide(Numbers.CastInt64(a[0]), Numbers.CastInt64(a[1]), "div"));
        t.Add("mod", 2, 2, (a, _) => Divide(Numbers.CastInt64(a[0]), Numbers.CastInt64(a[1]), "mod"));
        t.Add("max", 1, -1, (a, _) => a.Select(Numbers.CastInt64).Max());
        t.Add("biggest", 1, -1, (a, _) => a.Select(Numbers.CastInt64).Max());
        t.Add("toDecimal", 1, 1, (a, _) => ParseOctal(Args.StrVal(a[0])));
        t.Add("min", 1, -1, (a, _) => a.Select(Numbers.CastInt64).Min());
        t.Add("int", 1, 1, (a, _) => Numbers.CastInt64(a[0]));
        t.Add("int64", 1, 1, (a, _) => Numbers.CastInt64(a[0]));
        t.Add("float64", 1, 1, (a, _) => Numbers.CastFloat64(a[0]));
        t.Add("atoi", 1, 1, (a, _) => Numbers.ParseDecimalInteger(Args.String(a, 0)) ?? 0L);
        t.Add("until", 1, 1, (a, _) => Until(Args.Int(a, 0)));
        t.Add("untilStep", 3, 3, (a, _) => UntilStep(Args.Int(a, 0), Args.Int(a, 1), Args.Int(a, 2)));
        t.Add("floor", 1, 1, (a, _) => Math.Floor(Numbers.CastFloat64(a[0])));
        t.Add("ceil", 1, 1, (a, _) => Math.Ceiling(Numbers.CastFloat64(a[0])));
        t.Add("round", 2, 3, (a, _) => Round(Numbers.CastFloat64(a[0]), Args.Int(a, 1), a.Length > 2 ? Numbers.CastFloat64(a[2]) : 0.5));
    }

    /// <summary>Sprig's untilStep: start, start+step, ... up to (not including) stop; nothing when step points away from stop.</summary>
    private static List<long> UntilStep(long start, long stop, long step)
    {
        var items = new List<long>();
        if (stop < start ? step >= 0 : step <= 0) return items;
        for (var i = start; stop < start ? i > stop : i < stop; i += step)
        {
            if (items.Count >= 1_000_000) throw FunctionException.Failed("untilStep is limited to one million items");
            items.Add(i);
        }
        return items;
    }

    /// <summary>Sprig's round: to <paramref name="places"/> decimals, up when the fraction reaches <paramref name="roundOn"/>.</summary>
    private static double Round(double value, long places, double roundOn)
    {
        var pow = Math.Pow(10, places);
        var digit = pow * value;
        var fraction = digit - Math.Truncate(digit);
        return (fraction >= roundOn ? Math.Ceiling(digit) : Math.Floor(digit)) / pow;
    }

    private static long Divide(long a, long b, string operation)
    {
        if (b == 0) throw FunctionException.Failed("runtime error: integer divide by zero");
        if (a == long.MinValue && b == -1) return operation == "div" ? a : 0;
        return operation == "div" ? a / b : a % b;
    }

    /// <summary>Sprig's toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64) (an octal mode such as "0755" is 493); 0 when invalid.</summary>
    private static long ParseOctal(string s)
    {
        var digits = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (digits.Length == 0 || digits.Any(c => c is < '0' or > '7')) return 0;
        try
        {
            var magnitude = Convert.ToUInt64(digits, 8);
            if (s[0] == '-') return magnitude <= 1UL << 63 ? unchecked(-(long)magnitude) : 0;
            return magnitude <= long.MaxValue ? (long)magnitude : 0;
        }
        catch (OverflowException)
        {
            return 0;
        }
    }

    private static List<long> Until(long count)
    {
        if (Math.Abs(count) > 1_000_000) throw FunctionException.Failed("until is limited to one million items");
        var step = count < 0 ? -1 : 1;
        var items = new List<long>();
        for (long i = 0; step > 0 ? i < count : i > count; i += step) items.Add(i);
        return items;
    }
}
