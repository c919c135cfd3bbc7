namespace TaskRunner.Templating.Values;

/// <summary>Go's truth: false, 0, nil and empty strings, lists and maps are false; everything else is true.</summary>
internal static class Truth
{
    public static bool IsTrue(object? value) => GoKinds.Of(value) switch
    {
        GoKind.Nil => false,
        GoKind.Bool => (bool)value!,
        GoKind.Int => Numbers.ToLong(value!) != 0,
        GoKind.Uint => Convert.ToUInt64(value) != 0,
        GoKind.Float => Numbers.ToDouble(value!) != 0,
        GoKind.String => ((string)value!).Length != 0,
        GoKind.Map => Maps.Count(value!) != 0,
        GoKind.List => Lists.Count(value!) != 0,
        _ => true,
    };
}
