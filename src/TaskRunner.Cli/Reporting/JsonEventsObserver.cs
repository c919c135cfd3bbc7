using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.Execution.Events;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// <c>--progress json</c>: one JSON object per line for every event, with a <c>type</c> discriminator, an ISO-8601 UTC
/// <c>time</c> and camelCase fields (docs/progress.md, docs/events.schema.json).
/// </summary>
public sealed class JsonEventsObserver(TextWriter output, IndexTracker indexes) : IRunObserver
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object _lock = new();

    public void OnEvent(RunEvent e)
    {
        var items = new List<JsonObject>();
        JsonObject Event(string type) => new() { ["type"] = type, ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") };
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
                items.Add(step);
                break;
            case StepOutput o:
                var line = Event("output");
                line["step"] = o.StepId;
                line["stream"] = o.IsError ? "stderr" : "stdout";
                line["text"] = o.Text;
                items.Add(line);
                if (indexes.Match(o) is { } index)
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
            foreach (var item in items) output.WriteLine(item.ToJsonString(Options));
            output.Flush();
        }
    }
}
