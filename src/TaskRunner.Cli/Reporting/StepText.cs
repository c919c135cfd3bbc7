using System.Globalization;
using TaskRunner.Execution.Results;

namespace TaskRunner.Cli.Reporting;

/// <summary>Words for step states, shared by every progress mode.</summary>
public static class StepText
{
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Finished(StepResult r) => r.Status switch
    {
        StepStatus.Succeeded => $"succeeded in {Seconds(r.Duration)}",
        StepStatus.Skipped => "skipped",
        _ when r.IgnoredError => $"failed in {Seconds(r.Duration)}: {r.Error} (ignored: ignoreErrors)",
        StepStatus.TimedOut => $"timed out after {Seconds(r.Duration)}",
        StepStatus.Cancelled => $"cancelled after {Seconds(r.Duration)}",
        _ => $"failed in {Seconds(r.Duration)}: {r.Error}",
    };

    /// <summary>" on engine NAME" with --platform-engine; "" without it.</summary>
    public static string OnEngine(string? engine) => engine is null ? "" : $" on engine {engine}";

    public static string Status(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "succeeded",
        StepStatus.Skipped => "skipped",
        StepStatus.TimedOut => "timed out",
        StepStatus.Cancelled => "cancelled",
        StepStatus.Failed => "failed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
