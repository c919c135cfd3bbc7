using TaskRunner.Tasks.Model;

namespace TaskRunner.Execution.Results;

/// <summary>How a step ended. <see cref="Error"/> is null on success; <see cref="IgnoredError"/> tells a failure that ignoreErrors let pass.</summary>
public sealed record StepResult(string StepId, StepKind Kind, StepStatus Status, TimeSpan Duration, string? Error, bool IgnoredError = false)
{
    /// <summary>The exit code of a cmd step's last attempt (0 when it succeeded); null when there was none.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The engine the step ran on, with --platform-engine (<c>default</c> or the option's engine); null without it.</summary>
    public string? Engine { get; init; }

    /// <summary>Whether steps that depend on this one may start.</summary>
    public bool LetsDependantsRun => Status == StepStatus.Succeeded || IgnoredError;
}
