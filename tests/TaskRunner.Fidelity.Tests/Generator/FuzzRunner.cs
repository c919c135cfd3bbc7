using System.Collections.Concurrent;
using System.Text;
using TaskRunner.Fidelity.Tests.Harness;

namespace TaskRunner.Fidelity.Tests.Generator;

/// <summary>The outcome of one generated case.</summary>
public sealed record FuzzOutcome(int Index, int CaseSeed, FidelityInput Input, GeneratedCase Case, List<Disagreement> Disagreements, string? AcbBug);

/// <summary>Writes generated cases to a directory, runs both sides two at a time, and classifies the disagreements.</summary>
public sealed class FuzzRunner(string acb, string directory, int timeoutSeconds = 10)
{
    public int Parallelism { get; init; } = 2;

    public static FidelityInput WriteCase(string directory, GeneratedCase generated)
    {
        Directory.CreateDirectory(directory);
        var task = Path.Combine(directory, "task.yaml");
        File.WriteAllText(task, generated.TaskText);
        string? values = null;
        if (generated.ValuesText is not null)
        {
            values = Path.Combine(directory, "values.yaml");
            File.WriteAllText(values, generated.ValuesText);
        }
        return new FidelityInput { TaskFile = task, ValuesFile = values, Set = generated.Set };
    }

    public List<FuzzOutcome> Run(int count, int seed, Action<FuzzOutcome>? progress = null)
    {
        var outcomes = new ConcurrentBag<FuzzOutcome>();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, index =>
        {
            var caseSeed = TaskGenerator.CaseSeed(seed, index);
            var outcome = RunOne(index, caseSeed, Path.Combine(directory, index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)));
            outcomes.Add(outcome);
            progress?.Invoke(outcome);
        });
        return outcomes.OrderBy(o => o.Index).ToList();
    }

    public FuzzOutcome RunOne(int index, int caseSeed, string caseDirectory)
    {
        var generated = new TaskGenerator(caseSeed).Generate();
        var input = WriteCase(caseDirectory, generated);
        var (disagreements, bug) = Check(input);
        return new FuzzOutcome(index, caseSeed, input, generated, disagreements, bug);
    }

    /// <summary>Both sides on one input; a known acb failure replaces the comparison.</summary>
    public (List<Disagreement> Disagreements, string? AcbBug) Check(FidelityInput input)
    {
        var acbResult = Acb.Run(acb, input, timeoutSeconds);
        var tr = TaskRunnerSide.Run(input, 30);
        var bug = AcbBugs.Recognise(input, acbResult);
        if (bug is not null)
        {
            // acb is wrong here; TaskRunner must still neither crash nor hang.
            var own = new List<Disagreement>();
            if (tr.Crash is not null || tr.TimedOut) own.Add(new(DisagreementKind.TaskRunnerCrash, tr.Crash ?? "TaskRunner's loader did not finish"));
            return (own, bug);
        }
        return (Comparison.Compare(acbResult, tr), null);
    }

    /// <summary>
    /// Removes lines of the task (and of the values file) one at a time, and --set flags, while a disagreement of the same
    /// kind remains; the result is a small case to paste. Costs one acb run per attempt.
    /// </summary>
    public FidelityInput Minimise(FidelityInput input, DisagreementKind kind, string directory, int maxAttempts = 150)
    {
        Directory.CreateDirectory(directory);
        var task = File.ReadAllText(input.TaskFile).Split('\n').ToList();
        var values = input.ValuesFile is null ? null : File.ReadAllText(input.ValuesFile).Split('\n').ToList();
        var set = input.Set.ToList();
        var attempts = 0;

        FidelityInput Write(List<string> t, List<string>? v, List<string> s) => WriteCase(directory,
            new GeneratedCase(string.Join('\n', t), v is null ? null : string.Join('\n', v), s, []));
        bool Still(List<string> t, List<string>? v, List<string> s)
        {
            attempts++;
            var (found, bug) = Check(Write(t, v, s));
            return bug is null && found.Any(d => d.Kind == kind);
        }

        var changed = true;
        while (changed && attempts < maxAttempts)
        {
            changed = false;
            for (var i = set.Count - 1; i >= 0 && attempts < maxAttempts; i--)
            {
                var candidate = set.Where((_, j) => j != i).ToList();
                if (Still(task, values, candidate)) { set = candidate; changed = true; }
            }
            if (values is not null && attempts < maxAttempts && Still(task, null, set)) { values = null; changed = true; }
            for (var i = values?.Count - 1 ?? -1; i >= 0 && attempts < maxAttempts; i--)
            {
                var candidate = values!.Where((_, j) => j != i).ToList();
                if (Still(task, candidate, set)) { values = candidate; changed = true; }
            }
            for (var i = task.Count - 1; i >= 0 && attempts < maxAttempts; i--)
            {
                if (task[i].Length == 0 && i == task.Count - 1) continue;
                var candidate = task.Where((_, j) => j != i).ToList();
                if (Still(candidate, values, set)) { task = candidate; changed = true; }
            }
        }
        return Write(task, values, set);
    }

    /// <summary>The final summary: counts by kind and the features most often present in disagreeing cases.</summary>
    public static string Summary(IReadOnlyList<FuzzOutcome> outcomes, int seed)
    {
        var b = new StringBuilder();
        var disagreeing = outcomes.Where(o => o.Disagreements.Count > 0).ToList();
        var byKind = Enum.GetValues<DisagreementKind>().ToDictionary(k => k, k => disagreeing.Count(o => o.Disagreements.Any(d => d.Kind == k)));
        var bugs = outcomes.Where(o => o.AcbBug is not null).GroupBy(o => o.AcbBug!).Select(g => $"{g.Key} {g.Count()}");
        foreach (var kind in byKind.Keys.Where(k => byKind[k] > 0))
        {
            var cases = disagreeing.Where(o => o.Disagreements.Any(d => d.Kind == kind)).ToList();
            var agreeing = outcomes.Where(o => o.Disagreements.Count == 0 && o.AcbBug is null).ToList();
            // A feature is suspicious when it is in most disagreeing cases and rare in agreeing ones.
            var suspects = cases.SelectMany(o => o.Case.Features).GroupBy(f => f)
                .Select(g => (Feature: g.Key, In: g.Count(), Agree: agreeing.Count(o => o.Case.Features.Contains(g.Key))))
                .OrderByDescending(x => (double)x.In / cases.Count - (double)x.Agree / Math.Max(1, agreeing.Count)).Take(5);
            b.AppendLine($"{kind}: {cases.Count} cases; features most tied to it: " + string.Join(", ", suspects.Select(s => $"{s.Feature} ({s.In}/{cases.Count} vs {s.Agree} agreeing)")));
        }
        b.Append($"fidelity: {outcomes.Count} files, seed {seed}: {outcomes.Count - disagreeing.Count - outcomes.Count(o => o.AcbBug is not null && o.Disagreements.Count == 0)} agree, {disagreeing.Count} disagree (")
            .Append(string.Join(", ", byKind.Select(kv => $"{kv.Key} {kv.Value}")))
            .Append($"), known acb bugs {outcomes.Count(o => o.AcbBug is not null)}")
            .Append(bugs.Any() ? " (" + string.Join(", ", bugs) + ")" : "");
        return b.ToString();
    }
}
