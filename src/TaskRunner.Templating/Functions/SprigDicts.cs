using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig v2.22's dictionary helpers that go beyond get/set: pluck, values, merge and mergeOverwrite.</summary>
internal static class SprigDicts
{
    public static void Register(FunctionTable t)
    {
        t.Add("pluck", 1, -1, (a, _) => Enumerable.Range(1, a.Length - 1).Select(i => Args.Map(a, i))
            .Select(m => Maps.TryGet(m, Args.String(a, 0), out var v, out var found) && found ? (true, v) : (false, null))
            .Where(e => e.Item1).Select(e => e.Item2).ToList());
        t.Add("values", 1, 1, (a, _) => Maps.Sorted(Args.Map(a, 0)).Select(e => e.Value).ToList());
        t.Add("merge", 1, -1, (a, _) => Merge(a, overwrite: false));
        t.Add("mergeOverwrite", 1, -1, (a, _) => Merge(a, overwrite: true));
    }

    private static object Merge(object?[] args, bool overwrite)
    {
        var dst = Args.Map(args, 0);
        for (var i = 1; i < args.Length; i++) MergeInto(dst, Args.Map(args, i), overwrite);
        return dst;
    }

    /// <summary>
    /// mergo's Merge / MergeWithOverwrite as Sprig calls them (mergo v0.3.13): for each key of src, nested maps are
    /// merged into dst's map in place; dst keeps a non-empty value (lists included) unless overwriting, where src's
    /// value wins, even an empty one, and a nil in src removes nothing but sets nil.
    /// </summary>
    private static void MergeInto(object dst, object src, bool overwrite)
    {
        // A dict that holds itself would recurse forever: an execution error instead.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (var (key, value) in Maps.Sorted(src))
        {
            var hasDst = Maps.TryGet(dst, key, out var current, out var found) && found;
            if (value is null)
            {
                if (overwrite) Write(dst, key, null);
                continue;
            }
            var bothMaps = Maps.IsMap(value) && current is not null && Maps.IsMap(current);
            if (bothMaps) MergeInto(current!, value, overwrite);
            if (hasDst && !SprigCollections.IsEmpty(current) && (bothMaps || (Lists.IsList(value) && !overwrite))) continue;
            if (overwrite || !hasDst || SprigCollections.IsEmpty(current)) Write(dst, key, value);
        }
    }

    private static void Write(object map, string key, object? value)
    {
        if (map is IDictionary<string, object?> { IsReadOnly: false } writable) writable[key] = value;
        else throw FunctionException.Failed("merge can only change maps made with dict (the task's data is read-only; deepCopy it first)");
    }
}
