namespace TaskRunner.Templating.Functions;

/// <summary>A template function: receives evaluated arguments (the piped value last) and returns a value.</summary>
internal delegate object? FunctionBody(object?[] args, FunctionContext context);

/// <summary>A function's name, how many arguments it takes (MaxArgs -1: any number) and its body.</summary>
internal sealed record FunctionDefinition(string Name, int MinArgs, int MaxArgs, FunctionBody Body);

/// <summary>All functions a template can call: Go's built-ins and Sprig v2.22.0's functions (with acb's b64enc). Built once; read-only after.</summary>
internal sealed class FunctionTable
{
    private readonly Dictionary<string, FunctionDefinition> _functions = new(StringComparer.Ordinal);

    public static FunctionTable Default { get; } = Build();

    private static FunctionTable Build()
    {
        var table = new FunctionTable();
        GoBuiltins.Register(table);
        SprigStrings.Register(table);
        SprigCase.Register(table);
        SprigMath.Register(table);
        SprigCollections.Register(table);
        SprigDicts.Register(table);
        SprigReflect.Register(table);
        SprigEncoding.Register(table);
        SprigRegex.Register(table);
        SprigSemver.Register(table);
        SprigUrl.Register(table);
        SprigCrypto.Register(table);
        SprigCertificates.Register(table);
        SprigDates.Register(table);
        SprigPaths.Register(table);
        SprigEnvironment.Register(table);
        return table;
    }

    public void Add(string name, int minArgs, int maxArgs, FunctionBody body) =>
        _functions[name] = new FunctionDefinition(name, minArgs, maxArgs, body);

    public bool TryGet(string name, out FunctionDefinition definition) => _functions.TryGetValue(name, out definition!);

    public IEnumerable<string> Names => _functions.Keys;
}
