using System.Text;
using System.Text.Json.Nodes;
using TaskRunner.Execution.Results;
using TaskRunner.GoEncoding;
using TaskRunner.Registry.Names;

namespace TaskRunner.Cli.Reporting;

/// <summary>
/// acb's end-of-run dependency report, printed only after a successful run: for every build step (in file order) one
/// entry per <c>-t</c> tag, or a single entry with <c>"image": null</c> when it has none, giving the image (with the
/// digest it was pushed under), its runtime dependency (the final stage's base, <c>scratch</c> included), its
/// build-time dependencies (the other stages' bases, <c>null</c> when there are none) and <c>git-head-revision</c>.
/// Build steps with <c>cache: enabled</c> are left out, as acb leaves them out (it builds those with buildx and cannot
/// look their digests up). The JSON is what Go's <c>json.Marshal</c> writes: one line, fields in acb's order,
/// an empty <c>tag</c> omitted.
/// </summary>
public static class DependencyReport
{
    public const string Heading = "The following dependencies were found:";

    private sealed record Entry(Reported? Image, Reported? Runtime, IReadOnlyList<Reported>? BuildTime, string GitHeadRevision);

    /// <summary>A reference as acb writes it (after <see cref="AcbSpelling.NormaliseTag"/>) and the digest reported with it.</summary>
    private sealed record Reported(string Text, string Digest);

    /// <summary>The report as a JSON array (for the JSON run report); empty when acb would print none.</summary>
    public static JsonArray Build(RunResult result) =>
        (JsonArray)JsonNode.Parse(Json(Entries(result)))!;

    /// <summary>
    /// The heading, an empty line and the JSON on one line, as acb logs them (<c>log.Println(heading)</c>, then
    /// <c>log.Println("\n" + json)</c>, less Go's timestamps); <c>null</c> when acb prints no report.
    /// </summary>
    public static string? Render(RunResult result)
    {
        if (result.Status != RunStatus.Succeeded) return null;
        var entries = Entries(result);
        return entries.Count == 0 ? null : Heading + "\n\n" + Json(entries);
    }

    private static List<Entry> Entries(RunResult result)
    {
        var pushed = result.ImagesPushed.GroupBy(p => Normalise(p.Image)).ToDictionary(g => g.Key, g => g.Last().Digest);
        var order = result.Steps.Select((s, i) => (s.StepId, i)).GroupBy(s => s.StepId).ToDictionary(g => g.Key, g => g.First().i);
        var entries = new List<Entry>();
        // acb keeps each build step's dependencies once, in the file's step order.
        foreach (var image in result.ImagesBuilt.Where(i => !i.BuildCache).GroupBy(i => i.StepId).Select(g => g.Last())
                     .OrderBy(i => order.GetValueOrDefault(i.StepId, int.MaxValue)))
        {
            var runtime = image.RuntimeDependency is { } r ? Dependency(AcbSpelling.NormaliseTag(r), r, result) : null;
            var buildTime = BuildTime(image, result);
            IEnumerable<string?> tags = image.Tags.Count > 0 ? image.Tags.Cast<string?>() : new string?[] { null };
            foreach (var tag in tags)
            {
                Reported? built = null;
                if (tag is not null) built = new Reported(AcbSpelling.NormaliseTag(tag), pushed.GetValueOrDefault(Normalise(tag)) ?? "");
                entries.Add(new Entry(built, runtime, buildTime, image.GitCommit));
            }
        }
        return entries;
    }

    /// <summary>The build-time bases as acb lists them: <c>:latest</c> added, <c>library/</c> dropped, duplicates once; <c>null</c> for none.</summary>
    private static List<Reported>? BuildTime(BuiltImage image, RunResult result)
    {
        List<Reported>? list = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in image.BuildTimeDependencies.Where(b => b != image.RuntimeDependency))
        {
            var text = AcbSpelling.NormaliseTag(raw);
            if (text.StartsWith("library/", StringComparison.Ordinal)) text = text["library/".Length..];
            if (!seen.Add(text)) continue;
            (list ??= []).Add(Dependency(text, raw, result));
        }
        return list;
    }

    private static Reported Dependency(string text, string raw, RunResult result)
    {
        var written = AcbSpelling.Fields(text).Digest;
        if (text == AcbSpelling.ScratchLatest) return new Reported(text, written);
        return new Reported(text, result.BaseImageDigests.GetValueOrDefault(raw) ?? written);
    }

    /// <summary>The key a pushed image and a built tag are matched by: docker's normalised name (the text itself when it is not a valid name).</summary>
    private static string Normalise(string reference) =>
        ImageReference.TryParse(reference, out var parsed, out _) ? parsed!.ToString() : reference;

    private static string Json(List<Entry> entries)
    {
        var json = new StringBuilder("[");
        foreach (var entry in entries)
        {
            if (json.Length > 1) json.Append(',');
            json.Append("{\"image\":");
            Reference(json, entry.Image);
            json.Append(",\"runtime-dependency\":");
            Reference(json, entry.Runtime);
            json.Append(",\"buildtime-dependency\":");
            if (entry.BuildTime is null) json.Append("null");
            else
            {
                json.Append('[');
                for (var i = 0; i < entry.BuildTime.Count; i++)
                {
                    if (i > 0) json.Append(',');
                    Reference(json, entry.BuildTime[i]);
                }
                json.Append(']');
            }
            json.Append(",\"git\":{\"git-head-revision\":");
            GoJson.AppendString(json, entry.GitHeadRevision);
            json.Append("}}");
        }
        return json.Append(']').ToString();
    }

    private static void Reference(StringBuilder json, Reported? reported)
    {
        if (reported is null) { json.Append("null"); return; }
        var reference = AcbSpelling.Fields(reported.Text);
        json.Append("{\"registry\":");
        GoJson.AppendString(json, reference.Registry);
        json.Append(",\"repository\":");
        GoJson.AppendString(json, reference.Repository);
        if (reference.Tag.Length > 0)
        {
            json.Append(",\"tag\":");
            GoJson.AppendString(json, reference.Tag);
        }
        json.Append(",\"digest\":");
        GoJson.AppendString(json, reported.Digest);
        json.Append(",\"reference\":");
        GoJson.AppendString(json, reported.Text);
        json.Append('}');
    }
}
