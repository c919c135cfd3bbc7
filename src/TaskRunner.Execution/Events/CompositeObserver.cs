namespace TaskRunner.Execution.Events;

/// <summary>Forwards each event to several observers, in order.</summary>
public sealed class CompositeObserver(params IRunObserver[] observers) : IRunObserver
{
    public void OnEvent(RunEvent runEvent)
    {
        foreach (var observer in observers) observer.OnEvent(runEvent);
    }
}
