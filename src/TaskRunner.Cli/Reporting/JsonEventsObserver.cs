using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using TaskRunner.Execution.Events;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// <c>--progress json</c>: one JSON object per line for every event, with a <c>type</c> discriminator, an ISO-8601 UTC
/// <c>time</c> and camelCase fields (docs/progress.md, docs/events.schema.json).
/// </summary>
/// <remarks>
/// <c>output</c> events, the busiest by far, are written straight into a batch (<see cref="BatchedWriter"/>, drained
/// before any other event and at most <see cref="OutputBatches.Interval"/> late) with the same escaping as the rest.
/// </remarks>
public sealed class JsonEventsObserver : IRunObserver
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonSerializerOptions Options = new() { Encoder = Encoder };
    private readonly object _lock = new();
    private readonly TextWriter _output;
    private readonly IndexTracker _indexes;
    private readonly BatchedWriter _batch;
    private readonly OutputBatches _batches;
    private readonly EventClock _clock = new();

    public JsonEventsObserver(TextWriter output, IndexTracker indexes)
    {
        (_output, _indexes) = (output, indexes);
        _batch = new BatchedWriter(output);
        _batches = new OutputBatches(_lock, () => { if (!_batch.IsEmpty) _batch.Drain(); });
    }

    public void OnEvent(RunEvent e)
    {
        if (e is StepOutput busy && _indexes.Match(busy) is null)
        {
            lock (_lock) Output(busy);
            return;
        }
        var items = new List<JsonObject>();
        string time;
        lock (_lock) time = _clock.Iso(e.Time);
        JsonObject Event(string type) => new() { ["type"] = type, ["time"] = time };
        switch (e)
        {
            case RunStarted s:
                var started = Event("runStarted");
                started["runId"] = s.RunId;
                started["steps"] = new JsonArray(s.StepIds.Select(id => (JsonNode)id).ToArray());
                started["dryRun"] = s.DryRun;
                items.Add(started);
                break;
            case RunMessage m:
                var message = Event("message");
                message["step"] = m.StepId;
                message["text"] = m.Text;
                items.Add(message);
                break;
            case StepStarted s:
                var step = Event("stepStarted");
                step["step"] = s.StepId;
                step["kind"] = s.Kind.ToString().ToLowerInvariant();
                step["description"] = s.Description;
                step["attempt"] = s.Attempt;
                step["repetition"] = s.Repetition;
                if (s.Engine is not null) step["engine"] = s.Engine;
                items.Add(step);
                break;
            case StepOutput o:
                var line = Event("output");
                line["step"] = o.StepId;
                line["stream"] = o.IsError ? "stderr" : "stdout";
                line["text"] = o.Text;
                if (o.Continues) line["continues"] = true;
                items.Add(line);
                if (_indexes.Match(o) is { } index)
                {
                    var pushed = Event("indexPushed");
                    pushed["step"] = index.StepId;
                    pushed["index"] = index.Index;
                    pushed["digest"] = index.Digest;
                    items.Add(pushed);
                }
                break;
            case StepRetrying r:
                var retry = Event("stepRetrying");
                retry["step"] = r.StepId;
                retry["nextAttempt"] = r.NextAttempt;
                retry["maxAttempts"] = r.MaxAttempts;
                retry["delaySeconds"] = r.Delay.TotalSeconds;
                retry["reason"] = r.Reason;
                items.Add(retry);
                break;
            case StepFinished f:
                var finished = Event("stepFinished");
                finished["step"] = f.Result.StepId;
                finished["status"] = StepText.Status(f.Result.Status);
                finished["exitCode"] = f.Result.ExitCode;
                finished["durationSeconds"] = Math.Round(f.Result.Duration.TotalSeconds, 3);
                finished["error"] = f.Result.Error;
                if (f.Result.Engine is not null) finished["engine"] = f.Result.Engine;
                finished["ignoredError"] = f.Result.IgnoredError;
                items.Add(finished);
                break;
            case ImageBuilt b:
                var built = Event("imageBuilt");
                built["step"] = b.StepId;
                built["imageId"] = b.ImageId;
                built["tags"] = new JsonArray(b.Tags.Select(t => (JsonNode)t).ToArray());
                items.Add(built);
                break;
            case ImagePushed p:
                var image = Event("imagePushed");
                image["step"] = p.StepId;
                image["image"] = p.Image;
                image["digest"] = p.Digest;
                items.Add(image);
                break;
            case RunFinished r:
                var done = Event("runFinished");
                done["status"] = r.Result.Status.ToString().ToLowerInvariant();
                done["exitCode"] = r.Result.ExitCode;
                done["durationSeconds"] = Math.Round(r.Result.Duration.TotalSeconds, 3);
                done["error"] = r.Result.Error;
                items.Add(done);
                break;
        }
        lock (_lock)
        {
            if (!_batch.IsEmpty) _batch.Drain();
            if (e is RunFinished) _batches.Dispose();
            foreach (var item in items) _output.WriteLine(item.ToJsonString(Options));
            _output.Flush();
        }
    }

    /// <summary>An <c>output</c> event, as <see cref="JsonObject.ToJsonString"/> would write it with <see cref="Options"/>.</summary>
    private void Output(StepOutput o)
    {
        _batch.Append("{\"type\":\"output\",\"time\":\"");
        _batch.Append(_clock.Iso(o.Time));
        _batch.Append("\",\"step\":");
        String(o.StepId);
        _batch.Append(o.IsError ? ",\"stream\":\"stderr\",\"text\":" : ",\"stream\":\"stdout\",\"text\":");
        String(o.Text);
        if (o.Continues) _batch.Append(",\"continues\":true");
        _batch.Append('}');
        _batch.Append(_output.NewLine);
        if (_batch.IsFull) _batch.Drain();
        else _batches.Start();
    }

    private void String(string value)
    {
        _batch.Append('"');
        _batch.Append(Encoder.Encode(value));
        _batch.Append('"');
    }
}
