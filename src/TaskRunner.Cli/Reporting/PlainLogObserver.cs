using TaskRunner.Execution.Events;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// Log lines for CI and redirected output: every line prefixed with a UTC timestamp and the step id (coloured per
/// step on a terminal), a line when a step starts and when it ends with its time, and the summary at the end. A
/// step's standard error stays on standard error, as with docker. A line that comes in pieces
/// (<see cref="StepOutput.Continues"/>) is printed one piece per line, each piece after the first marked
/// <c>(continued)</c>.
/// </summary>
/// <remarks>
/// Output lines are gathered and written in batches (<see cref="BatchedWriter"/>): at most
/// <see cref="OutputBatches.Interval"/> late, in order between standard output and standard error, and always before
/// the next line about a step or the run.
/// </remarks>
public sealed class PlainLogObserver : IRunObserver
{
    /// <summary>What a piece that continues the line before it starts with.</summary>
    public const string ContinuedMark = "(continued) ";

    private readonly object _lock = new();
    private readonly TextWriter _output;
    private readonly TextWriter _errors;
    private readonly StepColors _colors;
    private readonly bool _verbose;
    private readonly BatchedWriter _batchedOutput;
    private readonly BatchedWriter _batchedErrors;
    private readonly OutputBatches _batches;
    private readonly EventClock _clock = new();
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly HashSet<(string StepId, bool IsError)> _continuing = [];
    private BatchedWriter? _last;

    public PlainLogObserver(TextWriter output, TextWriter errors, StepColors colors, bool verbose)
    {
        (_output, _errors, _colors, _verbose) = (output, errors, colors, verbose);
        _batchedOutput = new BatchedWriter(output);
        _batchedErrors = new BatchedWriter(errors);
        _batches = new OutputBatches(_lock, Drain);
    }

    public void OnEvent(RunEvent e)
    {
        lock (_lock)
        {
            if (e is StepOutput o)
            {
                Output(o);
                return;
            }
            Drain();
            var time = _clock.Clock(e.Time);
            void Line(string? step, string text) =>
                _output.WriteLine(step is null ? $"{time} {text}" : $"{time} {Prefix(step)} {text}");
            switch (e)
            {
                case RunStarted s: Line(null, $"run {s.RunId}: {s.StepIds.Count} step(s){(s.DryRun ? " (dry run)" : "")}"); break;
                case RunMessage m when _verbose || m.StepId is not null: Line(m.StepId, m.Text); break;
                case StepStarted s: Line(s.StepId, $"started{(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "")}{(s.Repetition > 1 ? $" (run {s.Repetition})" : "")}{StepText.OnEngine(s.Engine)}: {s.Description}"); break;
                case StepRetrying r: Line(r.StepId, $"failed ({r.Reason}); attempt {r.NextAttempt} of {r.MaxAttempts} in {r.Delay.TotalSeconds:0.##} s"); break;
                case StepFinished f:
                    _continuing.RemoveWhere(k => k.StepId == f.Result.StepId);
                    Line(f.Result.StepId, StepText.Finished(f.Result));
                    break;
                case ImageBuilt b: Line(b.StepId, $"built {b.ImageId}{(b.Tags.Count > 0 ? " as " + string.Join(", ", b.Tags) : "")}"); break;
                case ImagePushed p: Line(p.StepId, $"pushed {p.Image}{(p.Digest is null ? "" : "@" + p.Digest)}"); break;
                case RunFinished r:
                    _batches.Dispose();
                    _output.WriteLine();
                    RunSummaryWriter.Write(r.Result, _output);
                    break;
            }
            _output.Flush();
            _errors.Flush();
        }
    }

    private void Output(StepOutput o)
    {
        var to = o.IsError ? _batchedErrors : _batchedOutput;
        // Standard output and standard error often end on the same screen: keep their lines in order.
        if (_last is not null && _last != to && !_last.IsEmpty) _last.Drain();
        _last = to;
        to.Append(_clock.Clock(o.Time));
        to.Append(' ');
        to.Append(Prefix(o.StepId));
        to.Append(' ');
        var key = (o.StepId, o.IsError);
        if (_continuing.Count > 0 && (o.Continues ? _continuing.Contains(key) : _continuing.Remove(key))) to.Append(ContinuedMark);
        else if (o.Continues) _continuing.Add(key);
        to.Append(o.Text);
        to.Append(to.Inner.NewLine);
        if (to.IsFull) to.Drain();
        else _batches.Start();
    }

    private string Prefix(string step)
    {
        if (!_prefixes.TryGetValue(step, out var prefix)) _prefixes[step] = prefix = _colors.Paint(step, $"[{step}]");
        return prefix;
    }

    private void Drain()
    {
        if (!_batchedOutput.IsEmpty) _batchedOutput.Drain();
        if (!_batchedErrors.IsEmpty) _batchedErrors.Drain();
    }
}
