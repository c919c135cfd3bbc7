using System.Text.Json.Nodes;
using TaskRunner.Execution.Results;

namespace TaskRunner.Cli.Reporting;

/// <summary>The run's summary as JSON (<c>--report FILE</c>): steps, statuses, durations, images, digests, dependencies.</summary>
public static class RunReport
{
    public static JsonObject Build(RunResult result, IReadOnlyList<IndexPushed> indexes) => new()
    {
        ["runId"] = result.RunId,
        ["status"] = result.Status.ToString().ToLowerInvariant(),
        ["exitCode"] = result.ExitCode,
        ["durationSeconds"] = Math.Round(result.Duration.TotalSeconds, 3),
        ["error"] = result.Error,
        ["steps"] = new JsonArray(result.Steps.Select(s => (JsonNode)WithEngine(s.Engine, new JsonObject
        {
            ["id"] = s.StepId,
            ["kind"] = s.Kind.ToString().ToLowerInvariant(),
            ["status"] = StepText.Status(s.Status),
            ["exitCode"] = s.ExitCode,
            ["durationSeconds"] = Math.Round(s.Duration.TotalSeconds, 3),
            ["error"] = s.Error,
            ["ignoredError"] = s.IgnoredError,
        })).ToArray()),
        ["imagesBuilt"] = new JsonArray(result.ImagesBuilt.Select(b => (JsonNode)new JsonObject
        {
            ["step"] = b.StepId,
            ["imageId"] = b.ImageId,
            ["tags"] = new JsonArray(b.Tags.Select(t => (JsonNode)t).ToArray()),
        }).ToArray()),
        ["imagesPushed"] = new JsonArray(result.ImagesPushed.Select(p => (JsonNode)new JsonObject
        {
            ["step"] = p.StepId,
            ["image"] = p.Image,
            ["digest"] = p.Digest,
        }).ToArray()),
        ["indexesPushed"] = new JsonArray(indexes.Select(i => (JsonNode)new JsonObject
        {
            ["step"] = i.StepId,
            ["index"] = i.Index,
            ["digest"] = i.Digest,
        }).ToArray()),
        ["dependencies"] = DependencyReport.Build(result),
    };

    /// <summary>The step's engine (with --platform-engine) as "engine"; no such field without it.</summary>
    private static JsonObject WithEngine(string? engine, JsonObject step)
    {
        if (engine is not null) step["engine"] = engine;
        return step;
    }
}
