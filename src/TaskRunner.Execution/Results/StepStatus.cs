namespace TaskRunner.Execution.Results;

public enum StepStatus
{
    Succeeded,
    Failed,
    /// <summary>The step's deadline (covering retries and repeats) passed.</summary>
    TimedOut,
    /// <summary>Stopped because another step failed or the run was cancelled.</summary>
    Cancelled,
    /// <summary>Never started: an earlier failure stopped the run.</summary>
    Skipped,
}
