using System.Diagnostics;
using TaskRunner.Tasks.Loading;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Fuzz;

/// <summary>What running one input did; <see cref="Milliseconds"/> is the process's CPU time while it ran.</summary>
public sealed record Outcome(string Status, string? Detail, double Milliseconds, long AllocatedBytes)
{
    public const string Ok = "ok";
    /// <summary>An exception escaped: the CLI would print "internal error".</summary>
    public const string Crash = "crash";
    /// <summary>The input ran longer than the time bound.</summary>
    public const string Hang = "hang";
    /// <summary>The process's working set or the input's allocations passed the memory bound.</summary>
    public const string Memory = "memory";
    /// <summary>A failure matching tests/fuzz/known-failures.txt: a known issue outside this driver's scope, counted apart.</summary>
    public const string Known = "known";

    public bool Failed => Status is Crash or Hang or Memory;
}

/// <summary>
/// Feeds one input through what <c>taskrunner validate</c>, <c>render</c> and <c>graph</c> do in process:
/// <see cref="TaskLoader.Load"/> (version, aliases, templates, YAML, <c>TaskValidator</c>, <c>Planner</c>) and, when
/// there is a plan, <see cref="StepGraphFormatter"/> in every format. Anything thrown is a crash.
/// </summary>
public static class InputRunner
{
    public static readonly DateTimeOffset StartTime = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static void Run(FuzzInput input, string valuesPath)
    {
        string? valuesFile = null;
        if (input.ValuesText is not null)
        {
            File.WriteAllText(valuesPath, input.ValuesText);
            valuesFile = valuesPath;
        }
        var request = new LoadRequest
        {
            File = "fuzz/acr-task.yaml",
            Text = input.TaskText,
            ValuesFile = valuesFile,
            Set = input.Set,
            Run = new RunContext { Id = "fz1", Registry = "fuzz.azurecr.io", StartTime = StartTime, Commit = "abc", Branch = "main" },
            Secrets = new Dictionary<string, string> { ["s0"] = "hunter22", ["s1"] = "" },
        };
        var result = TaskLoader.Load(request);
        foreach (var d in result.Diagnostics)
        {
            if (string.IsNullOrEmpty(d.Code) || string.IsNullOrEmpty(d.Message))
                throw new InvalidOperationException($"a diagnostic without code or message: {d}");
            _ = d.ToString();
        }
        if (result.Plan is { } plan)
            foreach (var format in new[] { "text", "mermaid", "dot" }) _ = StepGraphFormatter.Format(plan, format);
    }
}

/// <summary>
/// A dedicated thread that runs one input at a time while the caller watches the clock and the process's working
/// set. After a hang or a memory breach the thread is still busy: the caller must stop using this worker (the driver
/// records the input and exits its process).
/// </summary>
public sealed class Worker : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _start = new(0);
    private readonly ManualResetEventSlim _done = new();
    private readonly string _valuesPath;
    private readonly Process _process = Process.GetCurrentProcess();
    private FuzzInput? _input;
    private Exception? _error;
    private long _allocated;
    private bool _stopping;

    public Worker(string valuesPath)
    {
        _valuesPath = valuesPath;
        _thread = new Thread(Loop, 64 * 1024 * 1024) { IsBackground = true, Name = "fuzz-worker" };
        _thread.Start();
    }

    /// <summary>Largest working set seen while inputs ran, in bytes.</summary>
    public long PeakWorkingSet { get; private set; }

    public bool Broken { get; private set; }

    public Outcome Execute(FuzzInput input, TimeSpan timeout, long workingSetLimit, long allocationLimit)
    {
        if (Broken) throw new InvalidOperationException("the worker is still busy with an input that did not finish");
        _input = input;
        _error = null;
        _done.Reset();
        var clock = Stopwatch.StartNew();
        _process.Refresh();
        var cpuBefore = _process.TotalProcessorTime;
        TimeSpan Cpu()
        {
            _process.Refresh();
            return _process.TotalProcessorTime - cpuBefore;
        }
        _start.Release();
        while (!_done.Wait(25))
        {
            var ws = Environment.WorkingSet;
            PeakWorkingSet = Math.Max(PeakWorkingSet, ws);
            if (ws > workingSetLimit)
            {
                Broken = true;
                return new Outcome(Outcome.Memory, $"working set {ws / (1024 * 1024)} MiB passed the bound of {workingSetLimit / (1024 * 1024)} MiB", clock.Elapsed.TotalMilliseconds, -1);
            }
            // The bound is on CPU time, so that a machine busy with other work does not make inputs look hung;
            // wall-clock time has a looser bound of its own.
            if (Cpu() > timeout || clock.Elapsed > timeout * 12)
            {
                Broken = true;
                return new Outcome(Outcome.Hang, $"still running after {Cpu().TotalSeconds:0.0} s of CPU time ({clock.Elapsed.TotalSeconds:0.0} s)", Cpu().TotalMilliseconds, -1);
            }
        }
        var elapsed = Cpu().TotalMilliseconds;
        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
        if (_error is not null) return new Outcome(Outcome.Crash, _error.ToString(), elapsed, _allocated);
        if (_allocated > allocationLimit)
            return new Outcome(Outcome.Memory, $"allocated {_allocated / (1024 * 1024)} MiB, over the bound of {allocationLimit / (1024 * 1024)} MiB", elapsed, _allocated);
        if (elapsed > timeout.TotalMilliseconds) return new Outcome(Outcome.Hang, $"took {elapsed:0} ms", elapsed, _allocated);
        return new Outcome(Outcome.Ok, null, elapsed, _allocated);
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping) return;
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                InputRunner.Run(_input!, _valuesPath);
            }
            catch (Exception e)
            {
                _error = e;
            }
            _allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _done.Set();
        }
    }

    public void Dispose()
    {
        if (Broken) return;
        _stopping = true;
        _start.Release();
        _thread.Join();
    }
}
