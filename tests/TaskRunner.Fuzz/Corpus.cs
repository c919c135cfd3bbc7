using System.Text;
using System.Text.RegularExpressions;

namespace TaskRunner.Fuzz;

/// <summary>
/// The seed material mutations start from: the samples' task and values files, tests/fixtures, and the template
/// strings the templating tests render (C# string literals holding "{{").
/// </summary>
public sealed class Corpus
{
    public required IReadOnlyList<string> TaskFiles { get; init; }
    public required IReadOnlyList<string> ValuesFiles { get; init; }
    public required IReadOnlyList<string> Templates { get; init; }

    /// <summary>The repository root: the nearest directory above <paramref name="start"/> holding TaskRunner.sln.</summary>
    public static string RepositoryRoot(string? start = null)
    {
        // A copy of the driver outside the repository falls back to the current directory (run it from the root).
        try { return TaskRunner.TestSupport.Repository.FindRoot(start ?? AppContext.BaseDirectory); }
        catch (InvalidOperationException) { return Directory.GetCurrentDirectory(); }
    }

    public static Corpus Load(string root)
    {
        static IEnumerable<string> Files(string dir, string pattern) =>
            Directory.Exists(dir) ? Directory.GetFiles(dir, pattern, SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal) : [];

        var yaml = Files(Path.Combine(root, "samples"), "*.yaml").Concat(Files(Path.Combine(root, "tests", "fixtures"), "*.yaml")).ToList();
        var values = yaml.Where(f => Path.GetFileName(f).Contains("values", StringComparison.OrdinalIgnoreCase)).Select(File.ReadAllText).ToList();
        var tasks = yaml.Where(f => !Path.GetFileName(f).Contains("values", StringComparison.OrdinalIgnoreCase)).Select(File.ReadAllText).ToList();
        var templates = new List<string>();
        foreach (var file in Files(Path.Combine(root, "tests", "TaskRunner.Templating.Tests"), "*.cs"))
            templates.AddRange(StringLiterals(File.ReadAllText(file)).Where(s => s.Contains("{{", StringComparison.Ordinal)));
        if (tasks.Count == 0) tasks.Add("version: v1.1.0\nsteps:\n  - build: -t {{.Run.Registry}}/app:{{.Run.ID}} .\n  - push: ['{{.Run.Registry}}/app:{{.Run.ID}}']\n");
        if (values.Count == 0) values.Add("tag: v1\nlist: [a, b]\n");
        if (templates.Count == 0) templates.Add("{{ .Values.tag }}");
        return new Corpus { TaskFiles = tasks, ValuesFiles = values, Templates = templates.Distinct(StringComparer.Ordinal).ToList() };
    }

    private static readonly Regex Literal = new("\"((?:[^\"\\\\\\n]|\\\\.)*)\"", RegexOptions.Compiled);

    /// <summary>The regular (non-verbatim) C# string literals of a source file, unescaped for the common escapes.</summary>
    private static IEnumerable<string> StringLiterals(string source)
    {
        foreach (Match m in Literal.Matches(source))
        {
            var body = m.Groups[1].Value;
            var sb = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] != '\\' || i + 1 == body.Length) { sb.Append(body[i]); continue; }
                var c = body[++i];
                sb.Append(c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => c });
            }
            yield return sb.ToString();
        }
    }
}
