namespace TaskRunner.Execution.Events;

/// <summary>Keeps every event in memory, in order (tests, and callers that inspect a run after it ends).</summary>
public sealed class RecordingObserver : IRunObserver
{
    private readonly List<RunEvent> _events = [];

    public IReadOnlyList<RunEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    public void OnEvent(RunEvent runEvent)
    {
        lock (_events) _events.Add(runEvent);
    }

    /// <summary>The output lines of one step, in order.</summary>
    public IReadOnlyList<string> OutputOf(string stepId) =>
        Events.OfType<StepOutput>().Where(o => o.StepId == stepId).Select(o => o.Text).ToList();
}
