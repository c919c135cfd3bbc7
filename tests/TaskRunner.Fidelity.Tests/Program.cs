using System.Text.RegularExpressions;
using TaskRunner.Fidelity.Tests.Generator;
using TaskRunner.Fidelity.Tests.Harness;

namespace TaskRunner.Fidelity.Tests;

/// <summary>
/// <c>dotnet TaskRunner.Fidelity.Tests.dll fuzz N SEED [--minimise K] [--keep DIR]</c>: generate N task files from SEED, run
/// acb and TaskRunner on each, print every disagreement as a ready-to-paste case, then up to K minimised cases (one per
/// kind of disagreement), then a summary and a final count line. <c>case CASESEED</c> prints one generated case.
/// Exit code: 0 when everything agrees, 1 when something disagrees, 2 for usage errors.
/// </summary>
public static partial class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "case" && int.TryParse(args[1], out var caseSeed))
        {
            var generated = new TaskGenerator(caseSeed).Generate();
            var dir = Directory.CreateTempSubdirectory("fidelity-case-").FullName;
            Console.Write(ReadyCase.Write(FuzzRunner.WriteCase(dir, generated), $"generated case {caseSeed}; features: {string.Join(", ", generated.Features)}"));
            Directory.Delete(dir, recursive: true);
            return 0;
        }
        if (args.Length >= 2 && args[0] == "compare")
        {
            // compare FILE...: each file (with its sidecar, as a corpus case) through acb and TaskRunner, disagreements printed.
            var acbPath = Acb.Find();
            if (acbPath is null) { Console.Error.WriteLine(Acb.NotFoundReason); return 2; }
            var differ = false;
            foreach (var file in args.Skip(1))
            {
                var testCase = FidelityCase.Load(Path.GetFullPath(file), file);
                var acbResult = Acb.Run(acbPath, testCase.Input, testCase.TimeoutSeconds);
                var tr = TaskRunnerSide.Run(testCase.Input, 30);
                var found = Comparison.Compare(acbResult, tr);
                differ |= found.Count > 0;
                Console.WriteLine($"{file}: acb {(acbResult.Accepted ? "accepts" : "rejects (" + acbResult.Error.Trim() + ")")}; TaskRunner "
                    + (tr.Accepted ? "accepts" : "rejects (" + string.Join(" | ", tr.Errors) + ")") + (found.Count == 0 ? "; agree" : ""));
                foreach (var d in found) Console.WriteLine("  # " + d.ToString().Replace("\n", "\n  # "));
            }
            return differ ? 1 : 0;
        }
        if (args.Length < 3 || args[0] != "fuzz" || !int.TryParse(args[1], out var count) || !int.TryParse(args[2], out var seed))
        {
            Console.Error.WriteLine("usage: fuzz N SEED [--minimise K] [--keep DIR] | case CASESEED | compare FILE...");
            return 2;
        }
        var minimise = 10;
        string? keep = null;
        for (var i = 3; i < args.Length - 1; i++)
        {
            if (args[i] == "--minimise") minimise = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--keep") keep = args[++i];
        }
        var acb = Acb.Find();
        if (acb is null) { Console.Error.WriteLine(Acb.NotFoundReason); return 2; }
        var root = keep ?? Directory.CreateTempSubdirectory("fidelity-fuzz-").FullName;
        var runner = new FuzzRunner(acb, root);
        var done = 0;
        var started = DateTime.UtcNow;
        var outcomes = runner.Run(count, seed, _ =>
        {
            var n = Interlocked.Increment(ref done);
            if (n % 500 == 0) Console.Error.WriteLine($"  {n}/{count} ({(DateTime.UtcNow - started).TotalSeconds:F0}s)");
        });

        foreach (var outcome in outcomes.Where(o => o.Disagreements.Count > 0))
        {
            Console.WriteLine($"### case {outcome.Index} of seed {seed} (case seed {outcome.CaseSeed}; features: {string.Join(", ", outcome.Case.Features)})");
            foreach (var d in outcome.Disagreements) Console.WriteLine("# " + d.ToString().Replace("\n", "\n# "));
            Console.WriteLine(ReadyCase.Write(outcome.Input));
        }

        if (minimise > 0)
        {
            var signatures = outcomes.SelectMany(o => o.Disagreements.Select(d => (Outcome: o, Disagreement: d)))
                .GroupBy(x => Signature(x.Disagreement)).OrderByDescending(g => g.Count()).Take(minimise).ToList();
            if (signatures.Count > 0) Console.WriteLine("######## minimised cases, one per kind of disagreement (most frequent first)");
            foreach (var group in signatures)
            {
                var (outcome, disagreement) = group.First();
                var small = runner.Minimise(outcome.Input, disagreement.Kind, Path.Combine(root, "min-" + outcome.Index));
                var (now, _) = runner.Check(small);
                Console.WriteLine($"### {group.Count()} x {group.Key} (from case {outcome.Index}, case seed {outcome.CaseSeed})");
                foreach (var d in now) Console.WriteLine("# " + d.ToString().Replace("\n", "\n# "));
                Console.WriteLine(ReadyCase.Write(small));
            }
        }

        Console.WriteLine(FuzzRunner.Summary(outcomes, seed) + $"; {(DateTime.UtcNow - started).TotalSeconds:F0}s");
        if (keep is null) Directory.Delete(root, recursive: true);
        return outcomes.Any(o => o.Disagreements.Count > 0) ? 1 : 0;
    }

    [GeneratedRegex(@"`[^`]*`|""[^""]*""|'[^']*'|\d+")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>A disagreement with its variable parts (quoted text, numbers) blanked: cases of one kind share it.</summary>
    public static string Signature(Disagreement d)
    {
        var detail = d.Detail.Split('\n')[0];
        if (detail.Length > 140) detail = detail[..140];
        // Text differences keep the differing lines (digits blanked): each distinct difference gets its own minimised case.
        return d.Kind is DisagreementKind.RenderedText or DisagreementKind.ProcessedText && detail.StartsWith("first difference", StringComparison.Ordinal)
            ? d.Kind + ": " + Digits().Replace(detail[(detail.IndexOf(':') + 1)..], "_")
            : d.Kind + ": " + Variable().Replace(detail, "_");
    }
}
