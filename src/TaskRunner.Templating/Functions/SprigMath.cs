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
        t.Add("min", 1, -1, (a, _) => a.Select(Numbers.CastInt64).Min());
        t.Add("int", 1, 1, (a, _) => Numbers.CastInt64(a[0]));
        t.Add("int64", 1, 1, (a, _) => Numbers.CastInt64(a[0]));
        t.Add("float64", 1, 1, (a, _) => Numbers.CastFloat64(a[0]));
        t.Add("atoi", 1, 1, (a, _) => Numbers.ParseDecimalInteger(Args.String(a, 0)) ?? 0L);
        t.Add("until", 1, 1, (a, _) => Until(Args.Int(a, 0)));
    }

    private static long Divide(long a, long b, string operation)
    {
        if (b == 0) throw FunctionException.Failed($"integer divide by zero in {operation}");
        if (a == long.MinValue && b == -1) return operation == "div" ? a : 0;
        return operation == "div" ? a / b : a % b;
    }

    private static List<object?> Until(long count)
    {
        if (Math.Abs(count) > 1_000_000) throw FunctionException.Failed("until is limited to one million items");
        var step = count < 0 ? -1 : 1;
        var items = new List<object?>();
        for (long i = 0; step > 0 ? i < count : i > count; i += step) items.Add(i);
        return items;
    }
}
