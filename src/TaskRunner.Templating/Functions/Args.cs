using System.Globalization;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Reads typed arguments the way Go converts template arguments to a function's parameter types.</summary>
internal static class Args
{
    private static string Ordinal(int i) => (i + 1) switch { 1 => "first", 2 => "second", 3 => "third", var n => $"#{n}" };

    private static string Shown(object? value) =>
        value is null ? "nil" : $"{GoKinds.TypeName(value)} {GoFormat.Value(value)}";

    /// <summary>
    /// A string parameter: strings pass; anything else is a type error, as in Go, nil too: a missing or null value
    /// given to a string parameter is Go's "wrong type for value; expected string; got interface {}" (or, piped,
    /// "invalid value; expected string") in acb.
    /// </summary>
    public static string String(object?[] args, int i) => args[i] switch
    {
        string s => s,
        null => throw FunctionException.Arguments($"{Ordinal(i)} argument must be a string, got nil (a missing or null value); give a fallback with default, as in (default \"\" .Values.x)"),
        var other => throw FunctionException.Arguments($"{Ordinal(i)} argument must be a string, got {Shown(other)}; convert it with toString"),
    };

    /// <summary>An integer parameter: integers pass, as do integral floats and integer strings (values from --set).</summary>
    public static long Int(object?[] args, int i)
    {
        var value = args[i];
        switch (GoKinds.Of(value))
        {
            case GoKind.Int:
            case GoKind.Uint:
                return Numbers.ToLong(value!);
            case GoKind.Float when Numbers.ToDouble(value!) is var d && d == Math.Floor(d):
                return (long)d;
            case GoKind.String when long.TryParse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw FunctionException.Arguments($"{Ordinal(i)} argument must be an integer, got {Shown(value)}");
        }
    }

    public static bool Bool(object?[] args, int i) => args[i] switch
    {
        bool b => b,
        var other => throw FunctionException.Arguments($"{Ordinal(i)} argument must be a bool (true or false), got {Shown(other)}"),
    };

    /// <summary>A time.Time parameter: only times pass (Unix seconds do not, as Go's conversion to time.Time refuses them).</summary>
    public static DateTimeOffset Time(object?[] args, int i) => GoKinds.Of(args[i]) == GoKind.Time
        ? GoFormat.AsTime(args[i]!)
        : throw FunctionException.Arguments($"{Ordinal(i)} argument must be a time (for example from now or toDate), got {Shown(args[i])}");

    /// <summary>A map parameter (map[string]interface{} in Sprig).</summary>
    public static object Map(object?[] args, int i)
    {
        var value = args[i];
        if (value is not null && Maps.IsMap(value)) return value;
        throw FunctionException.Arguments($"{Ordinal(i)} argument must be a map (for example from dict), got {Shown(value)}");
    }

    /// <summary>Sprig's strval: strings as they are, everything else as %v (nil is "&lt;nil&gt;").</summary>
    public static string StrVal(object? value) => value as string ?? GoFormat.Value(value);

    /// <summary>Sprig's strslice: a list's non-nil items as strings; nil is empty; a single value is a one-item list.</summary>
    public static List<string> StrSlice(object? value)
    {
        if (value is null) return [];
        if (Lists.IsList(value)) return Lists.AsList(value).Where(v => v is not null).Select(StrVal).ToList();
        return [StrVal(value)];
    }
}
