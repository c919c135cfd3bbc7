namespace TaskRunner.Templating.Functions;

/// <summary>A function refused its arguments or failed; the executor adds the position and the function's name.</summary>
internal sealed class FunctionException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static FunctionException Arguments(string message) => new(ErrorCodes.BadArguments, message);
    public static FunctionException Failed(string message) => new(ErrorCodes.Execution, message);
}
