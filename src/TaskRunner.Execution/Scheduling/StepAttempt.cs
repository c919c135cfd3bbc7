namespace TaskRunner.Execution.Scheduling;

/// <summary>
/// One execution of a step. <see cref="Serial"/> numbers every execution of the step (repetitions and retries
/// together, from 1) and keeps container names unique; <see cref="Output"/> receives each output line.
/// </summary>
public sealed record StepAttempt(int Serial, int Attempt, int Repetition, Action<string, bool> Output);
