using System.Collections;

namespace TaskRunner.Templating.Values;

/// <summary>The Go kind a .NET value plays in a template (what comparisons, printing and arguments go by).</summary>
internal enum GoKind { Nil, Bool, Int, Uint, Float, String, List, Map, Time, Other }

/// <summary>Classifies .NET values into Go kinds and names their Go types for error messages.</summary>
internal static class GoKinds
{
    public static GoKind Of(object? value) => value switch
    {
        null => GoKind.Nil,
        string => GoKind.String,
        bool => GoKind.Bool,
        long or int or short or sbyte => GoKind.Int,
        ulong or uint or ushort or byte => GoKind.Uint,
        double or float or decimal => GoKind.Float,
        DateTimeOffset or DateTime => GoKind.Time,
        _ when Maps.IsMap(value) => GoKind.Map,
        IEnumerable => GoKind.List,
        _ => GoKind.Other,
    };

    /// <summary>The Go type name users would see from Go (<c>%T</c>).</summary>
    public static string TypeName(object? value) => Of(value) switch
    {
        GoKind.Nil => "<nil>",
        GoKind.Bool => "bool",
        GoKind.Int => value is long ? "int" : value is int ? "int" : "int" + (value is short ? "16" : "8"),
        GoKind.Uint => value is byte ? "uint8" : "uint",
        GoKind.Float => "float64",
        GoKind.String => "string",
        GoKind.List => value is IEnumerable<string> ? "[]string" : "[]interface {}",
        GoKind.Map => "map[string]interface {}",
        GoKind.Time => "time.Time",
        _ => value!.GetType().Name,
    };
}
