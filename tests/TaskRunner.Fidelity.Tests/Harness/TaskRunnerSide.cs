using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Fidelity.Tests.Harness;

/// <summary>What TaskRunner's loader (in process, as `taskrunner render`/`validate` drive it) said about one task file.</summary>
public sealed record TaskRunnerResult
{
    /// <summary>No error diagnostics (warnings do not count).</summary>
    public bool Accepted => Crash is null && !TimedOut && !Errors.Any();
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
    /// <summary>The text after comment lines and aliases (<see cref="LoadResult.ProcessedText"/>; null before v1.1.0).</summary>
    public string? Processed { get; init; }
    public string? Rendered { get; init; }
    /// <summary>An exception escaped the loader (a bug: bad input must become diagnostics).</summary>
    public string? Crash { get; init; }
    public bool TimedOut { get; init; }
}

public static class TaskRunnerSide
{
    public static TaskRunnerResult Run(FidelityInput input, int timeoutSeconds)
    {
        var request = new LoadRequest
        {
            File = input.TaskFile,
            ValuesFile = input.ValuesFile,
            Set = input.Set,
            Run = new RunContext
            {
                Id = input.Id,
                Registry = input.Registry,
                // acb's dry run: runtime.GOOS/GOARCH of its amd64 build, no OS version, no home volume.
                OS = "linux",
                Architecture = "amd64",
                StartTime = DateTimeOffset.UtcNow,
            },
        };
        var work = Task.Run(() =>
        {
            try
            {
                var result = TaskLoader.Load(request);
                return new TaskRunnerResult
                {
                    Diagnostics = result.Diagnostics,
                    Rendered = result.RenderedText,
                    Processed = result.ProcessedText,
                };
            }
            catch (Exception e)
            {
                return new TaskRunnerResult { Diagnostics = [], Crash = e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace };
            }
        });
        if (!work.Wait(TimeSpan.FromSeconds(timeoutSeconds)))
            return new TaskRunnerResult { Diagnostics = [], TimedOut = true };
        return work.Result;
    }
}
