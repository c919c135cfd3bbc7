namespace TaskRunner.Execution.Events;

/// <summary>
/// Receives every event of a run: lifecycle messages, step starts and ends, each line of output, retries, images
/// built and pushed, the end of the run. Implementations must be thread-safe: parallel steps report concurrently.
/// Live views, JSON event streams and secret masking are observers (or wrap one); the executor never writes output
/// any other way.
/// </summary>
public interface IRunObserver
{
    void OnEvent(RunEvent runEvent);
}
