namespace TaskRunner.Templating;

/// <summary>A parsed Go text/template. (Interim shell: the engine lands in the next commit.)</summary>
public sealed class GoTemplate
{
    private readonly string _text;
    private GoTemplate(string text) => _text = text;

    public static GoTemplate Parse(string text, TemplateOptions? options = null) => new(text);

    public string Render(object? data) => _text;
}
