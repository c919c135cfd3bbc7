using System.Text;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// Under GitHub Actions: each step's output folded into a <c>::group::</c> (written when the step ends, so parallel
/// steps never interleave), failures as <c>::error::</c> annotations, and a Markdown summary of the run appended to
/// <c>$GITHUB_STEP_SUMMARY</c>. A step's lines wait in a <see cref="StepLog"/> (a temporary file beyond 1 Mi
/// characters); the pieces of a long line (<see cref="StepOutput.Continues"/>) are one per line, each after the first
/// marked <c>(continued)</c>.
/// </summary>
public sealed class GitHubActionsObserver(TextWriter output, string? summaryFile, IndexTracker indexes) : IRunObserver
{
    private readonly object _lock = new();
    private readonly Dictionary<string, StepLog> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<(string StepId, bool IsError)> _continuing = [];
    private readonly Dictionary<string, string> _descriptions = new(StringComparer.Ordinal);

    public void OnEvent(RunEvent e)
    {
        lock (_lock)
        {
            switch (e)
            {
                case RunStarted s: output.WriteLine($"TaskRunner run {s.RunId}: {s.StepIds.Count} step(s)"); break;
                case StepStarted s:
                    _descriptions[s.StepId] = s.Description;
                    Buffer(s.StepId).Add($"started{(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "")}{StepText.OnEngine(s.Engine)}: {s.Description}");
                    break;
                case StepOutput o:
                    var key = (o.StepId, o.IsError);
                    var continuation = _continuing.Count > 0 && (o.Continues ? _continuing.Contains(key) : _continuing.Remove(key));
                    if (o.Continues && !continuation) _continuing.Add(key);
                    Buffer(o.StepId).Add(o.Text, continuation ? PlainLogObserver.ContinuedMark : null);
                    indexes.Match(o);
                    break;
                case StepRetrying retry: Buffer(retry.StepId).Add($"failed ({retry.Reason}); attempt {retry.NextAttempt} of {retry.MaxAttempts} in {retry.Delay.TotalSeconds:0.##} s"); break;
                case ImageBuilt b: Buffer(b.StepId).Add($"built {b.ImageId}{(b.Tags.Count > 0 ? " as " + string.Join(", ", b.Tags) : "")}"); break;
                case ImagePushed p: Buffer(p.StepId).Add($"pushed {p.Image}{(p.Digest is null ? "" : "@" + p.Digest)}"); break;
                case StepFinished f:
                    var r = f.Result;
                    output.WriteLine($"::group::{r.StepId}: {StepText.Status(r.Status)} ({StepText.Seconds(r.Duration)})");
                    using (var log = Buffer(r.StepId)) log.WriteTo(output);
                    output.WriteLine($"{r.StepId} {StepText.Finished(r)}");
                    output.WriteLine("::endgroup::");
                    _buffers.Remove(r.StepId);
                    _continuing.RemoveWhere(k => k.StepId == r.StepId);
                    if (r.Status is StepStatus.Failed or StepStatus.TimedOut && !r.IgnoredError)
                        output.WriteLine($"::error title={Property($"step {r.StepId} {StepText.Status(r.Status)}")}::{Data(r.Error ?? StepText.Finished(r))}");
                    break;
                case RunFinished done:
                    foreach (var log in _buffers.Values) log.Dispose();
                    _buffers.Clear();
                    output.WriteLine();
                    RunSummaryWriter.Write(done.Result, output);
                    if (done.Result.Error is { } error && done.Result.Status != RunStatus.Succeeded)
                        output.WriteLine($"::error title=TaskRunner run {done.Result.RunId}::{Data(error)}");
                    if (!string.IsNullOrEmpty(summaryFile)) File.AppendAllText(summaryFile, Markdown(done.Result, indexes.Pushed));
                    break;
            }
            output.Flush();
        }
    }

    private StepLog Buffer(string step) => _buffers.TryGetValue(step, out var b) ? b : _buffers[step] = new StepLog();

    private static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
    private static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");

    public static string Markdown(RunResult result, IReadOnlyList<IndexPushed> indexes)
    {
        static string Cell(string? s) => (s ?? "").Replace("|", "\\|").Replace("\n", " ");
        var md = new StringBuilder();
        var icon = result.Status == RunStatus.Succeeded ? "✅" : "❌";
        md.AppendLine($"### {icon} TaskRunner run `{result.RunId}`: {result.Status.ToString().ToLowerInvariant()} in {StepText.Seconds(result.Duration)}");
        md.AppendLine();
        md.AppendLine("| step | status | duration | error |");
        md.AppendLine("| --- | --- | --- | --- |");
        foreach (var s in result.Steps)
            md.AppendLine($"| `{s.StepId}` | {StepText.Status(s.Status)} | {(s.Status == StepStatus.Skipped ? "-" : StepText.Seconds(s.Duration))} | {Cell(s.Error)} |");
        if (result.ImagesBuilt.Count > 0)
        {
            md.AppendLine().AppendLine("| image built | id | step |").AppendLine("| --- | --- | --- |");
            foreach (var b in result.ImagesBuilt) md.AppendLine($"| {Cell(string.Join(", ", b.Tags))} | `{b.ImageId}` | `{b.StepId}` |");
        }
        if (result.ImagesPushed.Count > 0 || indexes.Count > 0)
        {
            md.AppendLine().AppendLine("| pushed | digest | step |").AppendLine("| --- | --- | --- |");
            foreach (var p in result.ImagesPushed) md.AppendLine($"| {Cell(p.Image)} | `{p.Digest}` | `{p.StepId}` |");
            foreach (var i in indexes) md.AppendLine($"| {Cell(i.Index)} (index) | `{i.Digest}` | `{i.StepId}` |");
        }
        return md.AppendLine().ToString();
    }
}
