using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.Execution.Engine;

namespace TaskRunner.Execution.Running;

/// <summary>
/// acb's end-of-run dependency report: for every image built with a tag, the image itself (with the digest it was
/// pushed under), its runtime dependency (the final stage's base image), its build-time dependencies (the other
/// stages' bases) and the run's git commit.
/// </summary>
public static class DependencyReport
{
    public const string Heading = "The following dependencies were found:";

    public static JsonArray Build(RunResult result)
    {
        var pushed = result.ImagesPushed.GroupBy(p => Normalise(p.Image)).ToDictionary(g => g.Key, g => g.Last().Digest);
        var report = new JsonArray();
        foreach (var image in result.ImagesBuilt)
        {
            foreach (var tag in image.Tags)
            {
                var entry = new JsonObject
                {
                    ["image"] = Describe(tag, pushed.GetValueOrDefault(Normalise(tag))),
                    ["runtime-dependency"] = image.RuntimeDependency is { } runtime ? Describe(runtime, result.BaseImageDigests.GetValueOrDefault(runtime)) : null,
                    ["buildtime-dependency"] = new JsonArray(image.BuildTimeDependencies.Select(b => (JsonNode?)Describe(b, result.BaseImageDigests.GetValueOrDefault(b))).ToArray()),
                    ["git"] = result.Commit.Length > 0 ? new JsonObject { ["git-head-revision"] = result.Commit } : new JsonObject(),
                };
                report.Add(entry);
            }
        }
        return report;
    }

    /// <summary>The heading followed by the report as indented JSON.</summary>
    public static string Render(RunResult result) =>
        Heading + Environment.NewLine + Build(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Describe(string reference, string? digest)
    {
        var parsed = ImageReference.Parse(reference);
        return new JsonObject
        {
            ["registry"] = parsed.Registry,
            ["repository"] = parsed.Repository,
            ["tag"] = parsed.Tag ?? (parsed.Digest is null ? "latest" : ""),
            ["digest"] = digest ?? parsed.Digest ?? "",
        };
    }

    private static string Normalise(string reference)
    {
        var parsed = ImageReference.Parse(reference);
        return $"{parsed.Registry}/{parsed.Repository}:{parsed.TagOrLatest}";
    }
}
