namespace TaskRunner.Execution.Scheduling;

/// <summary>An attempt of a step failed for a reason the user can act on (non-zero exit, build error, bad arguments).</summary>
public sealed class StepFailedException(string message, Exception? inner = null, int? exitCode = null) : Exception(message, inner)
{
    /// <summary>The container's (or in-process command's) exit code, when the failure was one.</summary>
    public int? ExitCode { get; } = exitCode;
}
