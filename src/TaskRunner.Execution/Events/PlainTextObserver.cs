using TaskRunner.Execution.Running;

namespace TaskRunner.Execution.Events;

/// <summary>
/// Plain lines for a terminal or a log file: each output line prefixed with its step id, a line when a step starts
/// and ends (with its duration), retries, images built and pushed, and the summary at the end.
/// </summary>
public sealed class PlainTextObserver(TextWriter output, TextWriter? errors = null, bool verbose = false) : IRunObserver
{
    private readonly object _lock = new();
    private readonly TextWriter _errors = errors ?? output;

    public void OnEvent(RunEvent runEvent)
    {
        lock (_lock)
        {
            switch (runEvent)
            {
                case RunStarted s:
                    output.WriteLine($"Run {s.RunId}{(s.DryRun ? " (dry run: no engine call is made)" : "")}: {s.StepIds.Count} step(s)");
                    break;
                case RunMessage m when verbose || m.StepId is not null:
                    output.WriteLine(m.StepId is null ? m.Text : $"[{m.StepId}] {m.Text}");
                    break;
                case StepStarted s:
                    var times = s.Attempt > 1 ? $", attempt {s.Attempt}" : "";
                    var repetition = s.Repetition > 1 ? $", run {s.Repetition}" : "";
                    output.WriteLine($"[{s.StepId}] starting{times}{repetition}: {s.Description}");
                    break;
                case StepOutput o:
                    (o.IsError ? _errors : output).WriteLine($"[{o.StepId}] {o.Text}");
                    break;
                case StepRetrying r:
                    output.WriteLine($"[{r.StepId}] failed ({r.Reason}); attempt {r.NextAttempt} of {r.MaxAttempts} in {r.Delay.TotalSeconds:0.##} s");
                    break;
                case StepFinished f:
                    output.WriteLine(Finished(f.Result));
                    break;
                case ImageBuilt b:
                    output.WriteLine($"[{b.StepId}] built {b.ImageId}{(b.Tags.Count > 0 ? " as " + string.Join(", ", b.Tags) : "")}");
                    break;
                case ImagePushed p:
                    output.WriteLine($"[{p.StepId}] pushed {p.Image}{(p.Digest is null ? "" : "@" + p.Digest)}");
                    break;
                case RunFinished r:
                    RunSummaryWriter.Write(r.Result, output);
                    break;
            }
            output.Flush();
        }
    }

    private static string Finished(StepResult r) => $"[{r.StepId}] {StepText.Finished(r)}";
}
