using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's defaults, lists and dictionaries.</summary>
internal static class SprigCollections
{
    public static void Register(FunctionTable t)
    {
        t.Add("default", 1, -1, (a, _) => a.Length < 2 || IsEmpty(a[1]) ? a[0] : a[1]);
        t.Add("empty", 1, 1, (a, _) => IsEmpty(a[0]));
        t.Add("coalesce", 0, -1, (a, _) => a.FirstOrDefault(v => !IsEmpty(v)));
        t.Add("ternary", 3, 3, (a, _) => Args.Bool(a, 2) ? a[0] : a[1]);
        t.Add("list", 0, -1, (a, _) => a.Length == 0 ? Lists.Nil : a.ToList());
        t.Add("tuple", 0, -1, (a, _) => a.Length == 0 ? Lists.Nil : a.ToList());
        t.Add("dict", 0, -1, (a, _) => Dict(a));
        t.Add("first", 1, 1, (a, _) => SliceArg(a[0], "Cannot find first on type") is { Count: > 0 } l ? l[0] : null);
        t.Add("last", 1, 1, (a, _) => SliceArg(a[0], "Cannot find last on type") is { Count: > 0 } l ? l[^1] : null);
        t.Add("has", 2, 2, (a, _) => a[1] is not null && SliceArg(a[1], "Cannot find has on type").Any(item => DeepEqual(item, a[0])));
        t.Add("keys", 1, -1, (a, _) => a.Select((_, i) => Args.Map(a, i)).SelectMany(Maps.Sorted).Select(e => e.Key).Order(StringComparer.Ordinal).ToList());
        t.Add("hasKey", 2, 2, (a, _) => Maps.TryGet(Args.Map(a, 0), Args.String(a, 1), out var unusedValue, out var found) && found);
        t.Add("set", 3, 3, (a, _) => Set(Args.Map(a, 0), Args.String(a, 1), a[2]));
        t.Add("unset", 2, 2, (a, _) => Unset(Args.Map(a, 0), Args.String(a, 1)));
        t.Add("pick", 1, -1, (a, _) => Pick(Args.Map(a, 0), KeyArgs(a), keep: true));
        t.Add("omit", 1, -1, (a, _) => Pick(Args.Map(a, 0), KeyArgs(a), keep: false));
        t.Add("append", 2, 2, (a, _) => new List<object?>(SliceArg(a[0], "Cannot push on type")) { a[1] });
        t.Add("push", 2, 2, (a, _) => new List<object?>(SliceArg(a[0], "Cannot push on type")) { a[1] });
        t.Add("prepend", 2, 2, (a, _) => SliceArg(a[0], "Cannot prepend on type").Prepend(a[1]).ToList());
        t.Add("rest", 1, 1, (a, _) => SliceArg(a[0], "Cannot find rest on type") is { Count: > 0 } l ? l.Skip(1).ToList() : Lists.Nil);
        t.Add("initial", 1, 1, (a, _) => SliceArg(a[0], "Cannot find initial on type") is { Count: > 0 } l ? l.Take(l.Count - 1).ToList() : Lists.Nil);
        t.Add("reverse", 1, 1, (a, _) => SliceArg(a[0], "Cannot find reverse on type").Reverse().ToList());
        t.Add("compact", 1, 1, (a, _) => SliceArg(a[0], "Cannot compact on type").Where(v => !IsEmpty(v)).ToList());
        t.Add("uniq", 1, 1, (a, _) => Uniq(SliceArg(a[0], "Cannot find uniq on type")));
        t.Add("without", 1, -1, (a, _) => SliceArg(a[0], "Cannot find without on type").Where(v => !a.Skip(1).Any(o => DeepEqual(v, o))).ToList());
        t.Add("sortAlpha", 1, 1, (a, _) => SortAlpha(a[0]));
        t.Add("concat", 0, -1, (a, _) => Concat(a));
        t.Add("slice", 1, -1, (a, _) => Slice(a[0], a[1..]));
        t.Add("fail", 1, 1, (a, _) => throw FunctionException.Failed(Args.String(a, 0)));
    }

    /// <summary>
    /// A list argument of Sprig's list functions: a list, or Sprig's panic for anything else (nil too: reflect.TypeOf
    /// of nil has no kind), which Go's template reports as the function's error.
    /// </summary>
    public static IReadOnlyList<object?> SliceArg(object? value, string panic)
    {
        if (value is null) throw FunctionException.Failed("runtime error: invalid memory address or nil pointer dereference");
        if (Lists.IsList(value)) return Lists.AsList(value);
        throw FunctionException.Failed($"{panic} {KindName(value)}");
    }

    /// <summary>Go's reflect.Kind name of a value, as Sprig's panics print it.</summary>
    public static string KindName(object value) => GoKinds.Of(value) switch
    {
        GoKind.Map => "map",
        GoKind.Time => "struct",
        GoKind.Other => "struct",
        _ => GoKinds.TypeName(value),
    };

    private static List<string> KeyArgs(object?[] args) => Enumerable.Range(1, args.Length - 1).Select(i => Args.String(args, i)).ToList();

    private static Dictionary<string, object?> Pick(object map, List<string> keys, bool keep)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in Maps.Sorted(map))
            if (keys.Contains(key, StringComparer.Ordinal) == keep) result[key] = value;
        return result;
    }

    private static List<object?> Uniq(IReadOnlyList<object?> list)
    {
        var result = new List<object?>();
        foreach (var item in list)
            if (!result.Any(seen => DeepEqual(seen, item))) result.Add(item);
        return result;
    }

    /// <summary>Sprig's concat: the items of every list, in order (nil when there are none); anything else is Sprig's panic.</summary>
    private static IReadOnlyList<object?> Concat(object?[] lists)
    {
        var result = new List<object?>();
        foreach (var list in lists)
        {
            if (list is not null && !Lists.IsList(list)) throw FunctionException.Failed($"Cannot concat type {KindName(list)} as list");
            var items = SliceArg(list, "");
            Execution.RenderBudget.Current.CheckItems(result.Count + (long)items.Count);
            result.AddRange(items);
        }
        return result.Count > 0 ? result : Lists.Nil;
    }

    /// <summary>
    /// Sprig's slice (it replaces Go's built-in slice): list[start:end] with start from the first index (default 0) and
    /// end from the second (default the length), both through toInt; an empty list gives nil; anything but a list, or
    /// indexes out of bounds, is Sprig's panic.
    /// </summary>
    private static object? Slice(object? value, object?[] indexes)
    {
        if (value is not null && !Lists.IsList(value))
            throw FunctionException.Failed($"list should be type of slice or array but {KindName(value)}");
        var list = SliceArg(value, "");
        if (list.Count == 0) return null;
        var start = indexes.Length > 0 ? Numbers.CastInt64(indexes[0]) : 0;
        var end = indexes.Length > 1 ? Numbers.CastInt64(indexes[1]) : list.Count;
        if (start < 0 || end < start || end > list.Count) throw FunctionException.Failed("reflect.Value.Slice: slice index out of bounds");
        var items = list.Skip((int)start).Take((int)(end - start));
        return value is IEnumerable<string> ? items.Cast<string>().ToList() : items.ToList();
    }

    /// <summary>Sprig's sortAlpha: a list's items as strings (nil skipped) in byte order; any other value is a one-item list.</summary>
    private static List<string> SortAlpha(object? value)
    {
        if (value is not null && Lists.IsList(value))
            return Args.StrSlice(value).Order(StringComparer.Ordinal).ToList();
        return [Args.StrVal(value)];
    }

    /// <summary>Sprig's empty: nil, false, 0, "" and empty lists and maps are empty.</summary>
    public static bool IsEmpty(object? value) => !Truth.IsTrue(value) && GoKinds.Of(value) is not (GoKind.Time or GoKind.Other);

    private static object Unset(object map, string key)
    {
        if (map is IDictionary<string, object?> writable && !writable.IsReadOnly)
        {
            writable.Remove(key);
            return map;
        }
        throw FunctionException.Failed("unset can only change a map made with dict (the task's data is read-only)");
    }

    private static Dictionary<string, object?> Dict(object?[] args)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
            map[Args.StrVal(args[i])] = i + 1 < args.Length ? args[i + 1] : "";
        return map;
    }

    private static object Set(object map, string key, object? value)
    {
        if (map is IDictionary<string, object?> writable && !writable.IsReadOnly)
        {
            writable[key] = value;
            return map;
        }
        throw FunctionException.Failed("set can only change a map made with dict (the task's data is read-only)");
    }

    /// <summary>reflect.DeepEqual for template values: same kind and same value; lists and maps item by item.</summary>
    public static bool DeepEqual(object? a, object? b)
    {
        var ka = GoKinds.Of(a);
        if (ka != GoKinds.Of(b)) return false;
        return ka switch
        {
            GoKind.Nil => true,
            GoKind.List => Lists.AsList(a!) is var la && Lists.AsList(b!) is var lb && la.Count == lb.Count && la.Zip(lb).All(p => DeepEqual(p.First, p.Second)),
            GoKind.Map => Maps.Sorted(a!) is var ma && Maps.Sorted(b!) is var mb && ma.Count == mb.Count && ma.Zip(mb).All(p => p.First.Key == p.Second.Key && DeepEqual(p.First.Value, p.Second.Value)),
            GoKind.Bool or GoKind.Int or GoKind.Uint or GoKind.Float or GoKind.String => Comparison.Equal(a, [b]),
            _ => Equals(a, b),
        };
    }
}
