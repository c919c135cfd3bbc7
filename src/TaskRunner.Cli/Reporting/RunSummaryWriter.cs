using System.Globalization;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Reporting;

/// <summary>The end-of-run summary: each step's status and duration, the images built and pushed with their digests, and the dependency report.</summary>
public static class RunSummaryWriter
{
    public static void Write(RunResult result, TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine($"Run {result.RunId}: {Describe(result.Status)} after {Seconds(result.Duration)}" + (result.Error is null ? "" : $" ({result.Error})"));
        var width = Math.Max(4, result.Steps.Select(s => s.StepId.Length).DefaultIfEmpty(4).Max());
        // With --platform-engine, an ENGINE column says where each step ran.
        var engines = result.Steps.Any(s => s.Engine is not null);
        var engineWidth = Math.Max(6, result.Steps.Select(s => s.Engine?.Length ?? 0).DefaultIfEmpty(6).Max());
        string EngineColumn(string? engine) => engines ? (engine ?? "").PadRight(engineWidth) + "  " : "";
        writer.WriteLine($"  {"STEP".PadRight(width)}  {EngineColumn("ENGINE")}{"STATUS",-10}  {"TIME",8}  ERROR");
        foreach (var step in result.Steps)
        {
            var status = step.IgnoredError ? "ignored" : Status(step.Status);
            var time = step.Status == StepStatus.Skipped ? "-" : Seconds(step.Duration);
            writer.WriteLine($"  {step.StepId.PadRight(width)}  {EngineColumn(step.Engine)}{status,-10}  {time,8}  {step.Error ?? ""}".TrimEnd());
        }
        if (result.ImagesBuilt.Count > 0)
        {
            writer.WriteLine("Images built:");
            foreach (var image in result.ImagesBuilt)
                writer.WriteLine($"  {(image.Tags.Count > 0 ? string.Join(", ", image.Tags) : "(untagged)")}  {image.ImageId}  (step {image.StepId})");
        }
        if (result.ImagesPushed.Count > 0)
        {
            writer.WriteLine("Images pushed:");
            foreach (var image in result.ImagesPushed)
                writer.WriteLine($"  {image.Image}@{image.Digest ?? "(digest not reported)"}  (step {image.StepId})");
        }
        if (result.Kept.Count > 0)
        {
            writer.WriteLine("Kept (--keep): " + string.Join(", ", result.Kept));
            writer.WriteLine("  remove with: " + RunNames.RemoveCommands(result.RunId));
        }
        if (DependencyReport.Render(result) is { } report) writer.WriteLine(report);
    }

    private static string Describe(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.TimedOut => "timed out",
        _ => "cancelled",
    };

    private static string Status(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.TimedOut => "timed out",
        StepStatus.Cancelled => "cancelled",
        _ => "skipped",
    };

    internal static string Seconds(TimeSpan duration) => StepText.Seconds(duration);
}
