namespace TaskRunner.Execution.Events;

/// <summary>Base of every event a run reports.</summary>
public abstract record RunEvent
{
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
}
