using TaskRunner.Templating.Execution;
using TaskRunner.Templating.Functions;
using TaskRunner.Templating.Parsing;

namespace TaskRunner.Templating;

/// <summary>
/// A parsed Go text/template with Sprig functions, as ACR renders task files. Parse once, render many times; a parsed
/// template is immutable and can be rendered from several threads at once.
/// </summary>
public sealed class GoTemplate
{
    private readonly ParsedTemplate _parsed;
    private readonly SourceText _source;
    private readonly TemplateOptions _options;

    private GoTemplate(ParsedTemplate parsed, SourceText source, TemplateOptions options)
    {
        _parsed = parsed;
        _source = source;
        _options = options;
    }

    /// <summary>Parses the text. Throws <see cref="TemplateException"/> (TPL001, TPL002, TPL004) with the position in <paramref name="text"/>.</summary>
    public static GoTemplate Parse(string text, TemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new TemplateOptions();
        if (string.IsNullOrEmpty(options.LeftDelimiter) || string.IsNullOrEmpty(options.RightDelimiter))
            throw new ArgumentException("template delimiters cannot be empty", nameof(options));
        var source = new SourceText(text);
        var parsed = Parser.Parse(text, options.LeftDelimiter, options.RightDelimiter, source, FunctionTable.Default);
        return new GoTemplate(parsed, source, options);
    }

    /// <summary>
    /// Renders with <paramref name="data"/> as dot: maps are string-keyed dictionaries, lists are enumerables,
    /// scalars are strings, bools, numbers, times or null. Throws <see cref="TemplateException"/> (TPL003, TPL005...;
    /// TPL006 past <see cref="TemplateOptions.Limits"/>).
    /// </summary>
    public string Render(object? data) =>
        new Executor(_parsed, _source, new FunctionContext(_options.Now), _options.Limits).Run(data);

    /// <summary>
    /// JSON as Go's json.Marshal writes it (the same encoder as toJson): map keys sorted, <c>&lt;</c> <c>&gt;</c>
    /// <c>&amp;</c> escaped as \u003c \u003e \u0026, integers without a decimal point.
    /// </summary>
    public static string MarshalJson(object? value) => Values.JsonMarshal.Marshal(value);

    /// <summary>Parses and renders in one call.</summary>
    public static string Render(string text, object? data, TemplateOptions? options = null) => Parse(text, options).Render(data);
}
