namespace TaskRunner.Execution.Events;

/// <summary>One line printed by a step (container output, build output, push progress).</summary>
public sealed record StepOutput(string StepId, string Text, bool IsError) : RunEvent;
