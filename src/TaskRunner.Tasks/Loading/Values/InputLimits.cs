using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Values;

/// <summary>
/// Bounds on what a load reads, far above any real task (ACR's own task files are a few KB): an input past one is a
/// diagnostic naming the limit, never an out-of-memory crash or a hang. docs/reliability.md lists them.
/// </summary>
public static class InputLimits
{
    /// <summary>The largest task file read, in bytes (TR1000 beyond).</summary>
    public const long MaxTaskFileBytes = 32L * 1024 * 1024;
    /// <summary>The largest values file read, in bytes (TR1009 beyond).</summary>
    public const long MaxValuesFileBytes = 16L * 1024 * 1024;
    /// <summary>The longest single <c>--set key=value</c>, in characters (TR1009 beyond).</summary>
    public const int MaxSetChars = 1024 * 1024;
    /// <summary>All <c>--set</c> options together, in characters (TR1009 beyond).</summary>
    public const long MaxSetTotalChars = 8L * 1024 * 1024;
    /// <summary>
    /// The size of the values after YAML aliases are expanded (every use of an alias counts again): characters of
    /// keys and scalars plus <see cref="NodeWeight"/> per map, list or scalar. Stops "billion laughs" alias bombs.
    /// </summary>
    public const long MaxValuesExpandedSize = 8L * 1024 * 1024;
    /// <summary>What a node counts towards <see cref="MaxValuesExpandedSize"/> besides its characters (a node in memory is some 50 bytes).</summary>
    public const int NodeWeight = 4;
    /// <summary>The deepest nesting of maps and lists in a values file.</summary>
    public const int MaxValuesDepth = 500;

    public static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    /// <summary>A values file's YAML tree as plain dictionaries, lists and scalars, within the limits above.</summary>
    internal static object? Convert(YamlNode node)
    {
        long size = 0;
        return Convert(node, 0, ref size);
    }

    private static object? Convert(YamlNode node, int depth, ref long size)
    {
        if ((size += NodeWeight) > MaxValuesExpandedSize)
            throw Limit(node, $"the values expand to more than {Describe(MaxValuesExpandedSize)} (each use of a YAML alias counts again): " +
                "is an alias used inside what it names, or nested many times over?");
        if (depth > MaxValuesDepth)
            throw Limit(node, $"the values nest deeper than {MaxValuesDepth} levels (a YAML alias used inside what it names?)");
        switch (node)
        {
            case YamlMappingNode map:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode keyScalar)
                        throw new ValuesFileException("a values file's keys must be plain names, not lists or maps " +
                            "(a template action such as {{ x }} in a values file is read as a YAML map: quote it)", (int)key.Start.Line, (int)key.Start.Column);
                    var name = Resolve(keyScalar, Yaml.Yaml11Scalar.Text);
                    size += name.Length;
                    try
                    {
                        result[name] = Convert(value, depth + 1, ref size);
                    }
                    catch (ValuesFileException e) when (e.IsLimit && depth == 0)
                    {
                        // An alias points at its anchor's node, so the node that passed a limit may sit anywhere in
                        // the file: the top-level key being read says more.
                        throw new ValuesFileException($"{e.Message.TrimEnd('?')} (under \"{name}\")", (int)key.Start.Line, (int)key.Start.Column) { IsLimit = true };
                    }
                }
                return result;
            case YamlSequenceNode seq:
                var list = new List<object?>(seq.Children.Count);
                foreach (var child in seq.Children) list.Add(Convert(child, depth + 1, ref size));
                return list;
            case YamlScalarNode scalar:
                size += scalar.Value?.Length ?? 0;
                return Resolve(scalar, Yaml.Yaml11Scalar.Resolve);
            default:
                return null;
        }
    }

    /// <summary>A scalar as yaml.v2 reads it; text that does not fit its explicit tag fails as acb fails ("failed to deserialize values").</summary>
    private static T Resolve<T>(YamlScalarNode scalar, Func<YamlScalarNode, T> read)
    {
        try
        {
            return read(scalar);
        }
        catch (InvalidDataException e)
        {
            throw new ValuesFileException($"failed to deserialize values: {e.Message}", (int)scalar.Start.Line, (int)scalar.Start.Column);
        }
    }

    private static ValuesFileException Limit(YamlNode node, string message) => new(message, (int)node.Start.Line, (int)node.Start.Column) { IsLimit = true };
}

/// <summary>A values file TaskRunner cannot take, at a 1-based line and column of the file (TR1009).</summary>
public sealed class ValuesFileException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = Math.Max(1, line);
    public int Column { get; } = Math.Max(1, column);
    /// <summary>A limit of <see cref="InputLimits"/> was passed (rather than a malformed file).</summary>
    public bool IsLimit { get; init; }
}
