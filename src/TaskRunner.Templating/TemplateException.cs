namespace TaskRunner.Templating;

/// <summary>A template that cannot be parsed or executed; Line and Column are 1-based in the template text.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string code, string message, int line, int column) : base(message)
    {
        Code = code;
        Line = line;
        Column = column;
    }

    /// <summary>Stable code: TPL001 syntax, TPL002 unknown function, TPL003 wrong arguments, TPL004 undefined variable, TPL005 execution error, TPL006 a render limit passed.</summary>
    public string Code { get; }
    public int Line { get; }
    public int Column { get; }
}
