using System.Text;

namespace TaskRunner.Templating.Execution;

/// <summary>A step of a render passed one of its <see cref="RenderLimits"/>; the executor adds the position (TPL006).</summary>
internal sealed class RenderLimitException(string message) : Exception(message);

/// <summary>
/// What one render has spent of its <see cref="RenderLimits"/>. The render's thread holds it in <see cref="Current"/>
/// so that functions and formatters deep inside a call can check a size before building it.
/// </summary>
internal sealed class RenderBudget(RenderLimits limits)
{
    [ThreadStatic] private static RenderBudget? _current;

    /// <summary>Outside a render (GoTemplate.MarshalJson of the values, say) sizes are not limited here.</summary>
    private static readonly RenderBudget Unbounded = new(new RenderLimits
    {
        MaxOutputChars = long.MaxValue, MaxSteps = long.MaxValue, MaxValueChars = long.MaxValue, MaxItems = long.MaxValue, MaxWork = long.MaxValue,
    });

    /// <summary>The budget of the render running on this thread; outside a render, one without limits.</summary>
    public static RenderBudget Current => _current ?? Unbounded;

    public RenderLimits Limits { get; } = limits;
    private long _steps;
    private long _work;

    /// <summary>Makes this the thread's budget until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = _current;
        _current = this;
        return new Scope(previous);
    }

    public readonly struct Scope(RenderBudget? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }

    /// <summary>One range iteration, template call or function call.</summary>
    public void Step()
    {
        if (++_steps > Limits.MaxSteps)
            throw new RenderLimitException($"the render took more than {Limits.MaxSteps:N0} steps (range iterations, template and function calls), " +
                "TaskRunner's limit for one render: a range over a huge number, or templates calling each other without end?");
    }

    /// <summary>Checks a function's result and adds its size to the render's work.</summary>
    public void Result(object? value)
    {
        long size = value switch
        {
            string s => CheckChars(s.Length),
            System.Collections.ICollection c => CheckItems(c.Count),
            _ => 1,
        };
        _work += size + 1;
        if (_work > Limits.MaxWork)
            throw new RenderLimitException($"the functions of this render produced more than {RenderLimits.Size(Limits.MaxWork)} " +
                "of text and items in all, TaskRunner's limit for one render: a loop that keeps growing a value?");
    }

    /// <summary>Refuses a string of <paramref name="chars"/> characters before it is built.</summary>
    public long CheckChars(long chars)
    {
        if (chars > Limits.MaxValueChars)
            throw new RenderLimitException($"the result would be {chars:N0} characters long, over TaskRunner's limit of {RenderLimits.Size(Limits.MaxValueChars)} for one value");
        return chars;
    }

    /// <summary>Refuses a list or map of <paramref name="items"/> items before it is built.</summary>
    public long CheckItems(long items)
    {
        if (items > Limits.MaxItems)
            throw new RenderLimitException($"the result would have {items:N0} items, over TaskRunner's limit of {Limits.MaxItems:N0} for one list or map");
        return items;
    }

    /// <summary>Called while formatting a value into <paramref name="sb"/>, item by item: stops at the value limit.</summary>
    public static void Check(StringBuilder sb) => Current.CheckChars(sb.Length);
}
