using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Events;

/// <summary>The run ended and everything it created was removed (unless kept on request).</summary>
public sealed record RunFinished(RunResult Result) : RunEvent;
