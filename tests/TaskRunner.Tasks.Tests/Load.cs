using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Tasks.Tests;

/// <summary>Test helpers: load a task from text, find fixtures.</summary>
internal static class Load
{
    public static LoadResult Text(string text, RunContext? run = null, IReadOnlyList<string>? set = null,
        IReadOnlyDictionary<string, string>? secrets = null, string file = "acr-task.yaml", string left = "{{", string right = "}}", string? valuesFile = null) =>
        TaskLoader.Load(new LoadRequest
        {
            File = file,
            Text = text,
            Run = run ?? new RunContext { Id = "run1", Registry = "reg.example.io", StartTime = new DateTimeOffset(2010, 5, 20, 13, 14, 22, TimeSpan.Zero) },
            Set = set ?? [],
            Secrets = secrets ?? new Dictionary<string, string>(),
            LeftDelimiter = left,
            RightDelimiter = right,
            ValuesFile = valuesFile,
        });

    public static string Rendered(string text, RunContext? run = null, IReadOnlyList<string>? set = null)
    {
        var result = Text(text, run, set);
        if (result.RenderedText is null) Assert.Fail("render failed: " + string.Join("\n", result.Diagnostics));
        return result.RenderedText!;
    }

    public static IReadOnlyList<Diagnostic> Errors(LoadResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
    public static IReadOnlyList<Diagnostic> Warnings(LoadResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();

}
