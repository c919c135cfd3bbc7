using TaskRunner.Fuzz;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// A fixed-seed sample of the fuzz driver (tests/fuzz/fuzz.sh runs it at scale): generated and mutated task files,
/// values files and --set options go through TaskLoader and the graph formatters; none may throw, hang or pass the
/// memory bound. Failures listed in tests/fuzz/known-failures.txt are reported, not failed on.
/// </summary>
public class FuzzSampleTests
{
    private const int Seed = 20261206;
    private const int Count = 2000;

    [Test]
    public void AFixedSampleOfFuzzInputsOnlyEverGivesDiagnostics()
    {
        var root = Corpus.RepositoryRoot();
        var generator = new InputGenerator(Corpus.Load(root), Seed);
        var known = KnownFailures.Load(Path.Combine(root, "tests", "fuzz", "known-failures.txt"));
        var valuesPath = Path.Combine(Path.GetTempPath(), $"taskrunner-fuzz-sample-{Environment.ProcessId}.yaml");
        var failures = new List<string>();
        var worker = new Worker(valuesPath);
        try
        {
            for (var i = 0; i < Count && !worker.Broken; i++)
            {
                var input = generator.Generate(i);
                var outcome = worker.Execute(input, TimeSpan.FromSeconds(5), 2048L * 1024 * 1024, 2048L * 1024 * 1024);
                if (!outcome.Failed) continue;
                var why = known.Match(input, outcome);
                var line = $"input {i} ({input.Recipe}): {outcome.Status}: {outcome.Detail}";
                if (why is null) failures.Add(line + "\n--- task ---\n" + input.TaskText + (input.ValuesText is null ? "" : "\n--- values ---\n" + input.ValuesText));
                else TestContext.Out.WriteLine($"known ({why}): {line.Split('\n')[0]}");
            }
        }
        finally
        {
            worker.Dispose();
            File.Delete(valuesPath);
        }
        Assert.That(failures, Is.Empty, $"seed {Seed}: reproduce with tests/fuzz/fuzz.sh {Count} {Seed}");
    }
}
