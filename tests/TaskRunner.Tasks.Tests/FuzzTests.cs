using FsCheck;
using FsCheckProperty = FsCheck.NUnit.PropertyAttribute;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Tasks.Tests;

/// <summary>Random and mutated task files: loading and validation only ever answer with diagnostics, never throw.</summary>
public class FuzzTests
{
    private static readonly string[] Corpus = LoadCorpus();
    private static readonly string[] Tokens =
    [
        "{{", "}}", "{{-", "-}}", "{{ end }}", "{{ if .Values.x }}", "{{ range .Values.l }}", "$", "$$", "$ID", ":", "- ", "-",
        "[", "]", "{", "}", "\"", "'", "#", "\n", "\t", "  ", "|", ">", "&a", "*a", "!!str ", "when: [", "id: ", "cmd: ",
        "build: ", "push:\n  - ", "alias:\n  values:\n    x: y\n", "version: v1.1.0\n", "\u00e9", "\0", "%", "@", "---\n",
    ];

    private static string[] LoadCorpus()
    {
        var files = Directory.GetFiles(Repository.Path("samples"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Repository.Path("tests", "fixtures"), "*.yaml", SearchOption.AllDirectories));
        return files.Select(File.ReadAllText).ToArray();
    }

    private static void AssertOnlyDiagnostics(string text)
    {
        LoadResult result;
        try
        {
            result = TaskLoader.Load(new LoadRequest { File = "fuzz.yaml", Text = text, Run = new RunContext { Id = "r", Registry = "reg" } });
        }
        catch (Exception e)
        {
            Assert.Fail($"threw {e}\n--- input ---\n{text}");
            return;
        }
        foreach (var d in result.Diagnostics)
        {
            Assert.That(d.Code, Does.Match("^TR[0-9]{4}$"));
            Assert.That(d.Span.Line, Is.GreaterThanOrEqualTo(0));
            Assert.That(d.Message, Is.Not.Empty);
        }
    }

    [FsCheckProperty(MaxTest = 400)]
    public void Mutated_samples_never_throw(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = Corpus[random.Next(Corpus.Length)];
        var mutations = random.Next(1, 6);
        for (var i = 0; i < mutations; i++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            text = random.Next(4) switch
            {
                0 => text.Insert(at, Tokens[random.Next(Tokens.Length)]),
                1 => text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8))),
                2 => text.Insert(at, Slice(text, random)),
                _ => text.Replace("\n", random.Next(2) == 0 ? "\n " : "\n\n"),
            };
        }
        AssertOnlyDiagnostics(text);
    }

    private static string Slice(string text, Random random)
    {
        if (text.Length == 0) return "";
        var from = random.Next(text.Length);
        return text.Substring(from, Math.Min(20, text.Length - from));
    }

    [FsCheckProperty(MaxTest = 300)]
    public void Random_text_never_throws(string? text) => AssertOnlyDiagnostics(text ?? "");

    [FsCheckProperty(MaxTest = 300)]
    public void Random_token_soup_never_throws(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var parts = Enumerable.Range(0, random.Next(1, 40)).Select(_ => Tokens[random.Next(Tokens.Length)]);
        AssertOnlyDiagnostics("steps:\n- " + string.Concat(parts));
    }
}
