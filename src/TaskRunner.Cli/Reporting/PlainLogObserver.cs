using TaskRunner.Execution.Events;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// Log lines for CI and redirected output: every line prefixed with a UTC timestamp and the step id (coloured per
/// step on a terminal), a line when a step starts and when it ends with its time, and the summary at the end. A
/// step's standard error stays on standard error, as with docker.
/// </summary>
public sealed class PlainLogObserver(TextWriter output, TextWriter errors, StepColors colors, bool verbose) : IRunObserver
{
    private readonly object _lock = new();

    public void OnEvent(RunEvent e)
    {
        lock (_lock)
        {
            var time = e.Time.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            void Line(string? step, string text, TextWriter? to = null) =>
                (to ?? output).WriteLine(step is null ? $"{time} {text}" : $"{time} {colors.Paint(step, $"[{step}]")} {text}");
            switch (e)
            {
                case RunStarted s: Line(null, $"run {s.RunId}: {s.StepIds.Count} step(s){(s.DryRun ? " (dry run)" : "")}"); break;
                case RunMessage m when verbose || m.StepId is not null: Line(m.StepId, m.Text); break;
                case StepStarted s: Line(s.StepId, $"started{(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "")}{(s.Repetition > 1 ? $" (run {s.Repetition})" : "")}: {s.Description}"); break;
                case StepOutput o: Line(o.StepId, o.Text, o.IsError ? errors : output); break;
                case StepRetrying r: Line(r.StepId, $"failed ({r.Reason}); attempt {r.NextAttempt} of {r.MaxAttempts} in {r.Delay.TotalSeconds:0.##} s"); break;
                case StepFinished f: Line(f.Result.StepId, StepText.Finished(f.Result)); break;
                case ImageBuilt b: Line(b.StepId, $"built {b.ImageId}{(b.Tags.Count > 0 ? " as " + string.Join(", ", b.Tags) : "")}"); break;
                case ImagePushed p: Line(p.StepId, $"pushed {p.Image}{(p.Digest is null ? "" : "@" + p.Digest)}"); break;
                case RunFinished r:
                    output.WriteLine();
                    RunSummaryWriter.Write(r.Result, output);
                    break;
            }
            output.Flush();
            errors.Flush();
        }
    }
}
