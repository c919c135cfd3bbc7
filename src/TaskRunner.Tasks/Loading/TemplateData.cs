using TaskRunner.Templating;

namespace TaskRunner.Tasks.Loading;

/// <summary>The data a task template sees: <c>.Run</c>, <c>.Build</c>, <c>.Values</c>, <c>.Secrets</c>, <c>.ValuesJSON</c>, <c>.RunJSON</c>.</summary>
public static class TemplateData
{
    public static Dictionary<string, object?> Create(RunContext run, IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, string> secrets)
    {
        var runMap = RunMap(run);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Run"] = runMap,
            ["Build"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ID"] = run.Id },
            ["Values"] = values,
            ["Secrets"] = secrets.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
            ["ValuesJSON"] = ShellQuotedJson(values),
            ["RunJSON"] = ShellQuotedJson(runMap),
        };
    }

    public static Dictionary<string, object?> RunMap(RunContext run) => new(StringComparer.Ordinal)
    {
        ["ID"] = run.Id,
        ["Commit"] = run.Commit,
        ["Repository"] = run.Repository,
        ["Branch"] = run.Branch,
        ["GitTag"] = run.GitTag,
        ["TriggeredBy"] = run.TriggeredBy,
        ["Registry"] = run.Registry,
        ["RegistryName"] = run.RegistryName,
        ["Date"] = run.Date,
        ["SharedVolume"] = run.SharedVolume,
        ["OS"] = run.OS,
        ["Architecture"] = run.Architecture,
        ["OSVersion"] = run.OSVersion,
        ["TaskName"] = run.TaskName,
    };

    /// <summary>
    /// JSON as Go's json.Marshal writes it (sorted keys; &lt;, &gt;, &amp; escaped as \u003c, \u003e, \u0026), wrapped
    /// in single quotes for a shell the way acb quotes it: a quote inside becomes <c>'"'"'</c>.
    /// </summary>
    public static string ShellQuotedJson(IReadOnlyDictionary<string, object?> value) =>
        "'" + GoTemplate.MarshalJson(value).Replace("'", "'\"'\"'") + "'";
}
