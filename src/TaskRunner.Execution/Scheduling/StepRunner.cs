using System.Diagnostics;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Scheduling;

/// <summary>
/// Runs one step to its final status: waits its startDelay, then runs it repeat+1 times (all of them, errors joined),
/// each with up to retries+1 attempts (retryDelay apart; only when the output or error contains one of retryOnErrors
/// if given), all under one deadline, the step's timeout; its expiry reads "timed out". As in acb, a push step ignores
/// repeat and retries (its images get their own 3 attempts each), and a step's time starts after its startDelay.
/// </summary>
public sealed class StepRunner(IRunObserver observer)
{
    /// <summary>Output kept per attempt to match retryOnErrors (the newest part when longer).</summary>
    private const int CapturedOutputLimit = 1 << 20;

    public async Task<StepResult> RunAsync(PlannedStep step, IStepAction action, CancellationToken runToken)
    {
        var clock = new Stopwatch();
        int? exitCode = null;
        var isPush = step.Kind == Tasks.Model.StepKind.Push;
        var repeat = isPush ? 0 : step.Repeat;
        var retries = isPush ? 0 : step.Retries;
        StepResult Result(StepStatus status, string? error) =>
            new(step.Id, step.Kind, status, clock.Elapsed, error, status is StepStatus.Failed or StepStatus.TimedOut && step.Definition.IgnoreErrors)
            {
                ExitCode = status == StepStatus.Succeeded && step.Kind == Tasks.Model.StepKind.Cmd && !step.Definition.Detach ? 0 : exitCode,
            };

        try
        {
            if (step.StartDelay > TimeSpan.Zero) await Task.Delay(step.StartDelay, runToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Result(StepStatus.Cancelled, "cancelled");
        }
        clock.Start();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        if (step.Timeout > TimeSpan.Zero && step.Timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(step.Timeout);
        var errors = new List<string>();
        var serial = 0;
        var description = SafeDescribe(action, step);
        try
        {
            for (var repetition = 1; repetition <= repeat + 1; repetition++)
            {
                for (var attempt = 1; ; attempt++)
                {
                    serial++;
                    var captured = new OutputTail(CapturedOutputLimit);
                    void Output(string text, bool isError, bool continues)
                    {
                        // The pieces of a long line are kept joined, as the step printed them.
                        lock (captured) captured.Append(text, continues);
                        observer.OnEvent(new StepOutput(step.Id, text, isError) { Continues = continues });
                    }
                    observer.OnEvent(new StepStarted(step.Id, step.Kind, description, attempt, repetition));
                    string error;
                    try
                    {
                        await action.RunAsync(step, new StepAttempt(serial, attempt, repetition, Output), deadline.Token).ConfigureAwait(false);
                        break;
                    }
                    catch (StepFailedException e) { error = e.Message; exitCode = e.ExitCode; }
                    catch (EngineException e) { error = e.Message; }
                    // A file that vanished or cannot be read, a dropped engine connection: this attempt failed.
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException && !deadline.IsCancellationRequested)
                    {
                        error = e.Message;
                    }

                    string output;
                    lock (captured) output = captured.ToString();
                    if (attempt <= retries && ShouldRetry(step, output + "\n" + error))
                    {
                        observer.OnEvent(new StepRetrying(step.Id, attempt + 1, retries + 1, step.RetryDelay, error));
                        if (step.RetryDelay > TimeSpan.Zero) await Task.Delay(step.RetryDelay, deadline.Token).ConfigureAwait(false);
                        continue;
                    }
                    errors.Add(repeat > 0 ? $"run {repetition}: {error}" : error);
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            return Result(StepStatus.Cancelled, "cancelled");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Result(StepStatus.TimedOut, $"timed out after {step.Timeout.TotalSeconds:0.###} s");
        }
        return errors.Count == 0 ? Result(StepStatus.Succeeded, null) : Result(StepStatus.Failed, string.Join("; ", errors));
    }

    private static bool ShouldRetry(PlannedStep step, string output) =>
        step.Definition.RetryOnErrors.Count == 0 || step.Definition.RetryOnErrors.Any(e => output.Contains(e, StringComparison.Ordinal));

    private static string SafeDescribe(IStepAction action, PlannedStep step)
    {
        try { return action.Describe(step); }
        catch (Exception e) when (e is FormatException or StepFailedException) { return step.Definition.Command ?? ""; }
    }
}
