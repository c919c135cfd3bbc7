using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Scheduling;

/// <summary>A step action that can do part of a step's work before the step may start (while the steps it waits for run).</summary>
public interface IPreparingStepAction : IStepAction
{
    /// <summary>Called once, when the step is next in line; must not change anything a step or the user can see.</summary>
    void Prepare(PlannedStep step);
}
