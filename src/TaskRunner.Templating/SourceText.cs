namespace TaskRunner.Templating;

/// <summary>The template text, turning character offsets into 1-based line and column.</summary>
internal sealed class SourceText
{
    private readonly string _text;
    public SourceText(string text) => _text = text;

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        int line = 1, lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (_text[i] == '\n') { line++; lineStart = i + 1; }
        }
        return (line, offset - lineStart + 1);
    }

    public TemplateException Error(string code, int offset, string message)
    {
        var (line, column) = Position(offset);
        return new TemplateException(code, message, line, column);
    }
}
