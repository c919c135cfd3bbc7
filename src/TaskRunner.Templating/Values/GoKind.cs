using System.Collections;
using System.Diagnostics.CodeAnalysis;

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
        GoKind.List => value switch { Lists.NilSlice nil => nil.GoType, IEnumerable<string> => "[]string", IEnumerable<long> => "[]int", _ => "[]interface {}" },
        GoKind.Map => "map[string]interface {}",
        GoKind.Time => "time.Time",
        _ => value is IGoValue go ? go.GoTypeName : value!.GetType().Name,
    };

    /// <summary>The reflect.Kind name Go gives the value: "invalid" for nil, "slice", "map", "struct" for times, "ptr"...</summary>
    public static string KindName(object? value) => Of(value) switch
    {
        GoKind.Nil => "invalid",
        GoKind.Bool or GoKind.Int or GoKind.Uint or GoKind.Float or GoKind.String => TypeName(value),
        GoKind.List => "slice",
        GoKind.Map => "map",
        GoKind.Time => "struct",
        _ => value is IGoValue go ? go.GoKindName : "struct",
    };
}

/// <summary>A Go value returned by a Sprig function (a certificate, a semantic version): its Go type and kind names.</summary>
internal interface IGoValue
{
    /// <summary>
    /// The type whose public properties a template reads as fields (<c>.Major</c>, <c>.Cert</c>): its own type. The
    /// annotation keeps those properties in a trimmed or native (NativeAOT) build.
    /// </summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    Type FieldsType { get; }

    string GoTypeName { get; }
    string GoKindName { get; }

    /// <summary>What Go's json.Marshal writes for it (a string for a version, an object for a certificate).</summary>
    object JsonValue { get; }
}
