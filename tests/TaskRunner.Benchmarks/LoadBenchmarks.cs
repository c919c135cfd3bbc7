using TaskRunner.TestSupport;
using BenchmarkDotNet.Attributes;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Benchmarks;

/// <summary>Load + render + validate + plan of every sample, from text already in memory (no disk I/O measured).</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private (string File, string Text)[] _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = Repository.Root;
        _samples = Directory.GetFiles(Path.Combine(root, "samples"), "acr-task.yaml", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "tests", "fixtures", "seed.acr-task.yaml"))
            .Select(f => (f, File.ReadAllText(f)))
            .ToArray();
    }

    /// <summary>One operation loads every sample once; files per second = samples / mean time.</summary>
    [Benchmark]
    public int LoadAllSamples()
    {
        var diagnostics = 0;
        foreach (var (file, text) in _samples)
        {
            var result = TaskLoader.Load(new LoadRequest
            {
                File = file,
                Text = text,
                Run = new RunContext { Id = "bench", Registry = "127.0.0.1:5000" },
            });
            diagnostics += result.Diagnostics.Count;
        }
        return diagnostics;
    }

    public int SampleCount => _samples.Length;
}
