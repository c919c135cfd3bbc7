namespace TaskRunner.Templating.Tests;

/// <summary>Shorthands for tests: render a template, or capture the TemplateException it throws.</summary>
internal static class Render
{
    public static readonly DateTimeOffset FixedNow = new(2010, 5, 20, 13, 14, 22, TimeSpan.Zero);

    public static string Of(string text, object? data = null, string left = "{{", string right = "}}") =>
        GoTemplate.Parse(text, new TemplateOptions { LeftDelimiter = left, RightDelimiter = right, Now = () => FixedNow }).Render(data);

    public static string Limited(string text, RenderLimits limits, object? data = null) =>
        GoTemplate.Parse(text, new TemplateOptions { Now = () => FixedNow, Limits = limits }).Render(data);

    public static TemplateException LimitFailure(string text, RenderLimits limits, object? data = null)
    {
        try
        {
            Limited(text, limits, data);
        }
        catch (TemplateException e)
        {
            return e;
        }
        throw new AssertionException($"expected a TemplateException for: {text}");
    }

    public static TemplateException Failure(string text, object? data = null)
    {
        try
        {
            Of(text, data);
        }
        catch (TemplateException e)
        {
            return e;
        }
        throw new AssertionException($"expected a TemplateException for: {text}");
    }

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }
}
