using TaskRunner.Tasks.Model;

namespace TaskRunner.Execution.Events;

/// <summary>An attempt of a step begins. <paramref name="Attempt"/> counts from 1 within a repetition, <paramref name="Repetition"/> from 1.</summary>
public sealed record StepStarted(string StepId, StepKind Kind, string Description, int Attempt, int Repetition) : RunEvent
{
    /// <summary>The engine the step runs on, with --platform-engine (<c>default</c> or the option's engine); null without it.</summary>
    public string? Engine { get; init; }
}
