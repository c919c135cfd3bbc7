namespace TaskRunner.Templating.Functions;

/// <summary>What functions may read from the rendering: only the clock (no environment, no files).</summary>
internal sealed class FunctionContext(Func<DateTimeOffset> now)
{
    public DateTimeOffset Now() => now();
}
