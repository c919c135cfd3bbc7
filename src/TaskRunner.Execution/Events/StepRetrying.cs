namespace TaskRunner.Execution.Events;

/// <summary>An attempt failed and another follows after <paramref name="Delay"/>.</summary>
public sealed record StepRetrying(string StepId, int NextAttempt, int MaxAttempts, TimeSpan Delay, string Reason) : RunEvent;
