namespace TaskRunner.Templating;

/// <summary>The stable codes a <see cref="TemplateException"/> carries.</summary>
public static class ErrorCodes
{
    /// <summary>The template text is not valid syntax (unclosed action, stray end, bad literal...).</summary>
    public const string Syntax = "TPL001";
    /// <summary>A function name that is not defined.</summary>
    public const string UnknownFunction = "TPL002";
    /// <summary>A function got the wrong number or type of arguments.</summary>
    public const string BadArguments = "TPL003";
    /// <summary>A variable used before it is declared.</summary>
    public const string UndefinedVariable = "TPL004";
    /// <summary>Execution failed: index out of range, division by zero, field of a non-map...</summary>
    public const string Execution = "TPL005";
    /// <summary>The render passed one of its <see cref="RenderLimits"/>: output size, steps, the size of a value.</summary>
    public const string Limit = "TPL006";
}
