using Spectre.Console;
using Spectre.Console.Rendering;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// The terminal view: one row per step (what it waits for, its state with a spinner while running, elapsed time and
/// its last output line), redrawn in place by Spectre.Console. When the run ends the view stays as the final screen,
/// the failed steps' last lines are printed in full below it (a piece of a long line that continues the one before it
/// marked <c>(continued)</c>), then the summary with digests.
/// </summary>
public sealed class LiveViewObserver : IRunObserver
{
    private const int KeptLines = 40;
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private sealed class Row(string id, IReadOnlyList<string> dependsOn)
    {
        public string Id { get; } = id;
        public IReadOnlyList<string> DependsOn { get; } = dependsOn;
        public string State = "waiting";
        public DateTimeOffset? Started;
        public TimeSpan? Duration;
        public string LastLine = "";
        public readonly Queue<string> Lines = new();
        public int Attempt = 1;
        public bool OutputContinues, ErrorContinues;
    }

    private readonly IAnsiConsole _console;
    private readonly List<Row> _rows;
    private readonly object _lock = new();
    private readonly Thread _thread;
    private volatile bool _finished;
    private string _title = "";

    /// <param name="mask">Applied to the plan's step ids, as the secret masking in front of this view applies it to the events' ids.</param>
    public LiveViewObserver(IAnsiConsole console, ExecutionPlan plan, Func<string, string>? mask = null)
    {
        _console = console;
        mask ??= id => id;
        _rows = plan.Steps.Select(s => new Row(mask(s.Id), s.DependsOn.Select(mask).ToList())).ToList();
        _thread = new Thread(Display) { IsBackground = true, Name = "taskrunner-live-view" };
    }

    public void OnEvent(RunEvent e)
    {
        if (e is RunStarted s)
        {
            _title = $"run {s.RunId}{(s.DryRun ? " (dry run)" : "")}";
            if (!_thread.IsAlive) _thread.Start();
            return;
        }
        if (e is RunFinished finished)
        {
            _finished = true;
            if (_thread.IsAlive) _thread.Join();
            Finish(finished.Result);
            return;
        }
        lock (_lock)
        {
            switch (e)
            {
                case StepStarted started when Find(started.StepId) is { } row:
                    row.State = "running" + StepText.OnEngine(started.Engine);
                    row.Started ??= started.Time;
                    row.Attempt = started.Attempt;
                    break;
                case StepOutput output when Find(output.StepId) is { } row:
                    // The pieces of a long line (at most KeptLines of them, 64 Ki characters each) are lines here too.
                    var continuation = output.IsError ? row.ErrorContinues : row.OutputContinues;
                    if (output.IsError) row.ErrorContinues = output.Continues;
                    else row.OutputContinues = output.Continues;
                    if (!output.Text.AsSpan().IsWhiteSpace()) row.LastLine = output.Text;
                    row.Lines.Enqueue(continuation ? PlainLogObserver.ContinuedMark + output.Text : output.Text);
                    while (row.Lines.Count > KeptLines) row.Lines.Dequeue();
                    break;
                case StepRetrying retry when Find(retry.StepId) is { } row:
                    row.State = $"retrying ({retry.NextAttempt}/{retry.MaxAttempts})";
                    break;
                case StepFinished done when Find(done.Result.StepId) is { } row:
                    row.State = StepText.Status(done.Result.Status) + (done.Result.IgnoredError ? " (ignored)" : "");
                    row.Duration = done.Result.Duration;
                    if (done.Result.Error is { } error && done.Result.Status != StepStatus.Succeeded) row.LastLine = error;
                    break;
                case ImagePushed pushed when Find(pushed.StepId) is { } row:
                    row.LastLine = $"pushed {pushed.Image}{(pushed.Digest is null ? "" : "@" + pushed.Digest)}";
                    break;
            }
        }
    }

    private Row? Find(string id) => _rows.FirstOrDefault(r => r.Id == id);

    private void Display()
    {
        _console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
        {
            while (!_finished)
            {
                context.UpdateTarget(Render());
                context.Refresh();
                Thread.Sleep(100);
            }
            context.UpdateTarget(Render());
            context.Refresh();
        });
    }

    private IRenderable Render()
    {
        lock (_lock)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(_title))
                .AddColumn("step").AddColumn("after").AddColumn("state").AddColumn(new TableColumn("time").RightAligned()).AddColumn("last output");
            var frame = Spinner[(int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond / 100 % Spinner.Length)];
            foreach (var row in _rows)
            {
                var elapsed = row.Duration ?? (row.Started is { } start ? DateTimeOffset.UtcNow - start : null);
                var (mark, colour) = row.State switch
                {
                    "running" => (frame, "yellow"),
                    "succeeded" => ("✔", "green"),
                    "skipped" => ("-", "grey"),
                    "waiting" => ("·", "grey"),
                    var s when s.StartsWith("retrying", StringComparison.Ordinal) => (frame, "orange1"),
                    var s when s.Contains("ignored", StringComparison.Ordinal) => ("!", "orange1"),
                    _ => ("✘", "red"),
                };
                var last = row.LastLine.Length > 60 ? row.LastLine[..57] + "..." : row.LastLine;
                table.AddRow(
                    new Markup($"[{colour}]{mark}[/] {Markup.Escape(row.Id)}"),
                    new Text(row.DependsOn.Count == 0 ? "(start)" : string.Join(", ", row.DependsOn)),
                    new Markup($"[{colour}]{Markup.Escape(row.State)}[/]"),
                    new Text(elapsed is { } t ? StepText.Seconds(t) : ""),
                    new Text(last));
            }
            return table;
        }
    }

    private void Finish(RunResult result)
    {
        foreach (var failed in result.Steps.Where(s => s.Status is StepStatus.Failed or StepStatus.TimedOut))
        {
            var row = Find(failed.StepId);
            _console.WriteLine();
            _console.MarkupLine($"[red]{Markup.Escape(failed.StepId)} {Markup.Escape(StepText.Finished(failed))}[/]");
            if (row is null) continue;
            _console.MarkupLine($"[grey]last {row.Lines.Count} line(s) of its output:[/]");
            foreach (var line in row.Lines) _console.WriteLine("  " + line);
        }
        var summary = new StringWriter();
        RunSummaryWriter.Write(result, summary);
        _console.WriteLine();
        _console.Write(new Text(summary.ToString()));
    }
}
