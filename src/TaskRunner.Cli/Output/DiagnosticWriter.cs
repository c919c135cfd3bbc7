using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Cli.Output;

/// <summary>Writes diagnostics as compiler-style text, JSON, GitHub workflow commands or SARIF 2.1.0.</summary>
public static class DiagnosticWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="masker">Hides secret values in the messages (a template error can quote a value made from one).</param>
    public static void Write(TextWriter output, DiagnosticFormat format, IReadOnlyList<Diagnostic> diagnostics, bool strict,
        TaskRunner.Execution.Events.SecretMasker? masker = null)
    {
        if (masker is { IsEmpty: false }) diagnostics = diagnostics.Select(d => d with { Message = masker.Mask(d.Message) }).ToList();
        switch (format)
        {
            case DiagnosticFormat.Json: output.WriteLine(Json(diagnostics, strict).ToJsonString(Indented)); break;
            case DiagnosticFormat.Github: foreach (var d in diagnostics) output.WriteLine(Github(d, strict)); break;
            case DiagnosticFormat.Sarif: output.WriteLine(Sarif(diagnostics, strict).ToJsonString(Indented)); break;
            default: foreach (var d in diagnostics) output.WriteLine(Text(d, strict)); break;
        }
    }

    public static Severity Effective(Diagnostic d, bool strict) => strict ? Severity.Error : d.Severity;

    private static string Word(Severity s) => s == Severity.Error ? "error" : "warning";

    public static string Text(Diagnostic d, bool strict) => $"{d.Span}: {Word(Effective(d, strict))} {d.Code}: {d.Message}";

    private static JsonObject Json(IReadOnlyList<Diagnostic> diagnostics, bool strict)
    {
        var items = new JsonArray();
        foreach (var d in diagnostics)
            items.Add((JsonNode)new JsonObject
            {
                ["file"] = d.Span.File,
                ["line"] = d.Span.Line,
                ["column"] = d.Span.Column,
                ["severity"] = Word(Effective(d, strict)),
                ["code"] = d.Code,
                ["message"] = d.Message,
            });
        return new JsonObject
        {
            ["errors"] = diagnostics.Count(d => Effective(d, strict) == Severity.Error),
            ["warnings"] = diagnostics.Count(d => Effective(d, strict) == Severity.Warning),
            ["diagnostics"] = items,
        };
    }

    /// <summary>A GitHub Actions workflow command: <c>::error file=F,line=L,col=C,title=CODE::message</c>.</summary>
    public static string Github(Diagnostic d, bool strict)
    {
        var properties = $"file={Property(d.Span.File)}";
        if (d.Span.IsKnown) properties += $",line={d.Span.Line},col={d.Span.Column}";
        properties += $",title={Property(d.Code)}";
        return $"::{Word(Effective(d, strict))} {properties}::{Data(d.Message)}";

        static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
        static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
    }

    /// <summary>
    /// A file path as a SARIF artifact URI: a relative path with each segment percent-encoded (a space is %20), an
    /// absolute one as a file: URI.
    /// </summary>
    public static string SarifUri(string path)
    {
        var slashed = path.Replace('\\', '/');
        if (Path.IsPathRooted(path)) return new Uri(Path.GetFullPath(path)).AbsoluteUri;
        return string.Join('/', slashed.Split('/').Select(Uri.EscapeDataString));
    }

    private static JsonObject Sarif(IReadOnlyList<Diagnostic> diagnostics, bool strict)
    {
        var rules = new JsonArray();
        foreach (var code in diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal))
            rules.Add((JsonNode)new JsonObject { ["id"] = code });
        var results = new JsonArray();
        foreach (var d in diagnostics)
        {
            var location = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = SarifUri(d.Span.File) } };
            if (d.Span.IsKnown) location["region"] = new JsonObject { ["startLine"] = d.Span.Line, ["startColumn"] = d.Span.Column };
            results.Add((JsonNode)new JsonObject
            {
                ["ruleId"] = d.Code,
                ["level"] = Word(Effective(d, strict)),
                ["message"] = new JsonObject { ["text"] = d.Message },
                ["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = location }),
            });
        }
        return new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "taskrunner",
                        ["version"] = VersionInfo.Version,
                        ["rules"] = rules,
                    },
                },
                ["results"] = results,
            }),
        };
    }
}
