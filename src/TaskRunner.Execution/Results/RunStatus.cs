namespace TaskRunner.Execution.Results;

public enum RunStatus
{
    Succeeded,
    Failed,
    /// <summary>The whole-run timeout passed.</summary>
    TimedOut,
    /// <summary>The user interrupted the run (Ctrl+C, SIGTERM).</summary>
    Cancelled,
}
