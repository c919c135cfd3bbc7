using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Events;

/// <summary>A step reached its final status (also sent for skipped steps).</summary>
public sealed record StepFinished(StepResult Result) : RunEvent;
