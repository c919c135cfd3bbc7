namespace TaskRunner.Execution.Events;

/// <summary>A lifecycle line not tied to a step's output: resources created or removed, engine calls of a dry run.</summary>
public sealed record RunMessage(string Text, string? StepId = null) : RunEvent;
