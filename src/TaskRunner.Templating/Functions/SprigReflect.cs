using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's reflection functions (Go's %T and reflect.Kind names of the values this engine uses), deepEqual and deepCopy.</summary>
internal static class SprigReflect
{
    public static void Register(FunctionTable t)
    {
        t.Add("typeOf", 1, 1, (a, _) => GoKinds.TypeName(a[0]));
        t.Add("typeIs", 2, 2, (a, _) => Args.String(a, 0) == GoKinds.TypeName(a[1]));
        t.Add("typeIsLike", 2, 2, (a, _) => Args.String(a, 0) is var target && (target == GoKinds.TypeName(a[1]) || "*" + target == GoKinds.TypeName(a[1])));
        t.Add("kindOf", 1, 1, (a, _) => GoKinds.KindName(a[0]));
        t.Add("kindIs", 2, 2, (a, _) => Args.String(a, 0) == GoKinds.KindName(a[1]));
        t.Add("deepEqual", 2, 2, (a, _) => SprigCollections.DeepEqual(a[0], a[1]));
        t.Add("deepCopy", 1, 1, (a, _) => a[0] is null
            ? throw FunctionException.Failed("reflect: call of reflect.Value.Type on zero Value")
            : DeepCopy(a[0]));
    }

    /// <summary>copystructure.Copy: new maps and lists all the way down (writable, so set and merge can change them); other values as they are.</summary>
    private static object? DeepCopy(object? value)
    {
        // A dict that holds itself (set $d "self" $d) would recurse forever: an execution error instead.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return DeepCopyValue(value);
    }

    private static object? DeepCopyValue(object? value) => value switch
    {
        null => null,
        IEnumerable<string> strings when Lists.IsList(value) => strings.ToList(),
        Lists.NilSlice => value,
        _ when Maps.IsMap(value) => Maps.Sorted(value).ToDictionary(e => e.Key, e => DeepCopy(e.Value), StringComparer.Ordinal),
        _ when Lists.IsList(value) => Lists.AsList(value).Select(DeepCopy).ToList(),
        _ => value,
    };
}
