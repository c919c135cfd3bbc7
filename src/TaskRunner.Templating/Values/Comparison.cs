namespace TaskRunner.Templating.Values;

/// <summary>
/// Go's template comparisons: eq/ne work on basic kinds (and nil), lt/le/gt/ge on numbers and strings; signed and
/// unsigned integers compare with each other, but an integer never equals a float or a string ("incompatible types").
/// </summary>
internal static class Comparison
{
    public sealed class ComparisonException(string message) : Exception(message);

    private enum Basic { Bool, Int, Uint, Float, String, Nil, Other }

    private static Basic KindOf(object? v) => GoKinds.Of(v) switch
    {
        GoKind.Bool => Basic.Bool,
        GoKind.Int => Basic.Int,
        GoKind.Uint => Basic.Uint,
        GoKind.Float => Basic.Float,
        GoKind.String => Basic.String,
        GoKind.Nil => Basic.Nil,
        _ => Basic.Other,
    };

    /// <summary>eq arg1 arg2...: true when arg1 equals any of the others.</summary>
    public static bool Equal(object? first, IReadOnlyList<object?> others)
    {
        var k1 = KindOf(first);
        foreach (var other in others)
        {
            var k2 = KindOf(other);
            bool truth;
            if (k1 == Basic.Nil || k2 == Basic.Nil)
            {
                if ((k1 == Basic.Other && first is not null) || (k2 == Basic.Other && other is not null))
                    throw new ComparisonException($"non-comparable type {GoKinds.TypeName(k1 == Basic.Other ? first : other)}");
                truth = k1 == k2;
            }
            else if (k1 != k2)
            {
                if (k1 == Basic.Int && k2 == Basic.Uint) truth = Numbers.ToLong(first!) >= 0 && (ulong)Numbers.ToLong(first!) == Convert.ToUInt64(other);
                else if (k1 == Basic.Uint && k2 == Basic.Int) truth = Numbers.ToLong(other!) >= 0 && (ulong)Numbers.ToLong(other!) == Convert.ToUInt64(first);
                else throw Incompatible(first, other);
            }
            else
            {
                truth = k1 switch
                {
                    Basic.Bool => (bool)first! == (bool)other!,
                    Basic.Int => Numbers.ToLong(first!) == Numbers.ToLong(other!),
                    Basic.Uint => Convert.ToUInt64(first) == Convert.ToUInt64(other),
                    Basic.Float => Numbers.ToDouble(first!) == Numbers.ToDouble(other!),
                    Basic.String => string.Equals((string)first!, (string)other!, StringComparison.Ordinal),
                    _ => throw new ComparisonException($"non-comparable type {GoKinds.TypeName(first)}: eq works on strings, numbers, bools and nil"),
                };
            }
            if (truth) return true;
        }
        return false;
    }

    /// <summary>lt: numbers or strings of compatible kinds.</summary>
    public static bool Less(object? a, object? b)
    {
        var ka = KindOf(a);
        var kb = KindOf(b);
        if (ka is Basic.Bool or Basic.Nil or Basic.Other || kb is Basic.Bool or Basic.Nil or Basic.Other)
            throw new ComparisonException($"invalid type for comparison: {GoKinds.TypeName(ka is Basic.Bool or Basic.Nil or Basic.Other ? a : b)} (lt, le, gt and ge compare numbers or strings)");
        if (ka != kb)
        {
            if (ka == Basic.Int && kb == Basic.Uint) return Numbers.ToLong(a!) < 0 || (ulong)Numbers.ToLong(a!) < Convert.ToUInt64(b);
            if (ka == Basic.Uint && kb == Basic.Int) return Numbers.ToLong(b!) >= 0 && Convert.ToUInt64(a) < (ulong)Numbers.ToLong(b!);
            throw Incompatible(a, b);
        }
        return ka switch
        {
            Basic.Int => Numbers.ToLong(a!) < Numbers.ToLong(b!),
            Basic.Uint => Convert.ToUInt64(a) < Convert.ToUInt64(b),
            Basic.Float => Numbers.ToDouble(a!) < Numbers.ToDouble(b!),
            _ => string.CompareOrdinal((string)a!, (string)b!) < 0,
        };
    }

    private static ComparisonException Incompatible(object? a, object? b) =>
        new($"incompatible types for comparison: {GoKinds.TypeName(a)} and {GoKinds.TypeName(b)} (convert one side, e.g. with toString or atoi)");
}
