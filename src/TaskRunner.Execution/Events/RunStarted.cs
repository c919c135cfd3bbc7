namespace TaskRunner.Execution.Events;

/// <summary>The run begins: its id and the steps it will run, in file order.</summary>
public sealed record RunStarted(string RunId, IReadOnlyList<string> StepIds, bool DryRun) : RunEvent;
