using System.Collections;

namespace TaskRunner.Templating.Values;

/// <summary>Read access to list values (any enumerable that is neither a string nor a map).</summary>
internal static class Lists
{
    public static bool IsList(object? value) => value is IEnumerable and not string && !Maps.IsMap(value);

    public static IReadOnlyList<object?> AsList(object value) => value switch
    {
        IReadOnlyList<object?> list => list,
        IList list => list.Cast<object?>().ToList(),
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => throw new InvalidCastException("not a list"),
    };

    public static int Count(object value) => value switch
    {
        ICollection c => c.Count,
        IReadOnlyCollection<object?> c => c.Count,
        IEnumerable e => e.Cast<object?>().Count(),
        _ => 0,
    };
}
