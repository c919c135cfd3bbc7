namespace TaskRunner.Templating.Functions;

/// <summary>What functions get from the rendering: the clock (env, expandenv and getHostByName read the process environment and DNS themselves, as in acb).</summary>
internal sealed class FunctionContext(Func<DateTimeOffset> now)
{
    public DateTimeOffset Now() => now();
}
