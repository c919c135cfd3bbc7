using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Scheduling;

/// <summary>What one kind of step does in one attempt. Throws <see cref="StepFailedException"/> when the attempt fails.</summary>
public interface IStepAction
{
    /// <summary>A short description for the start line (the image and arguments, the build arguments, the images to push).</summary>
    string Describe(PlannedStep step);

    Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken);
}
