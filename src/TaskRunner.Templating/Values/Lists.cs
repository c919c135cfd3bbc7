using System.Collections;

namespace TaskRunner.Templating.Values;

/// <summary>Read access to list values (any enumerable that is neither a string nor a map).</summary>
internal static class Lists
{
    /// <summary>A nil slice (Go's []interface{}(nil)): an empty list that prints as [] but is null in JSON.</summary>
    public static readonly IReadOnlyList<object?> Nil = new NilSlice("[]interface {}");

    /// <summary>A nil []string (regexFindAll without a match).</summary>
    public static readonly IReadOnlyList<object?> NilStrings = new NilSlice("[]string");

    public sealed class NilSlice(string goType) : IReadOnlyList<object?>
    {
        public string GoType { get; } = goType;
        public object? this[int index] => throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => 0;
        public IEnumerator<object?> GetEnumerator() => Enumerable.Empty<object?>().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

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
