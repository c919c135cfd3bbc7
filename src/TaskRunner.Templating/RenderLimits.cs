namespace TaskRunner.Templating;

/// <summary>
/// The budget of one render, so that a runaway template (a range over a huge number, a string doubled in a loop,
/// templates calling each other without end) stops with a <see cref="ErrorCodes.Limit"/> error at its position
/// instead of exhausting memory or running for minutes. The defaults are far above what any real task renders
/// (ACR task files render to a few KB with loops of tens of items); tests may set smaller ones.
/// </summary>
public sealed record RenderLimits
{
    public static RenderLimits Default { get; } = new();

    /// <summary>The longest rendered text, in characters (64 MiB).</summary>
    public long MaxOutputChars { get; init; } = 64L * 1024 * 1024;

    /// <summary>Range iterations, template calls and function calls of one render together (10 million).</summary>
    public long MaxSteps { get; init; } = 10_000_000;

    /// <summary>The longest string one function returns or formats, in characters (16 MiB).</summary>
    public long MaxValueChars { get; init; } = 16L * 1024 * 1024;

    /// <summary>The most items of a list or map one function returns (1 million, as <c>until</c> allows).</summary>
    public long MaxItems { get; init; } = 1_000_000;

    /// <summary>Characters and items all function results of one render add up to (256 Mi).</summary>
    public long MaxWork { get; init; } = 256L * 1024 * 1024;

    internal static string Size(long chars) =>
        chars >= 1024 * 1024 && chars % (1024 * 1024) == 0 ? $"{chars / (1024 * 1024)} MiB" : $"{chars} characters";
}
