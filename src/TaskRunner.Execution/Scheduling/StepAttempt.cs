namespace TaskRunner.Execution.Scheduling;

/// <summary>
/// One execution of a step. <see cref="Serial"/> numbers every execution of the step (repetitions and retries
/// together, from 1) and keeps container names unique; <see cref="Output(string, bool, bool)"/> receives each output line.
/// </summary>
public sealed class StepAttempt(int serial, int attempt, int repetition, Action<string, bool, bool> output)
{
    public int Serial { get; } = serial;
    public int Attempt { get; } = attempt;
    public int Repetition { get; } = repetition;

    /// <summary>
    /// One line of output, or one piece of a line that reaches the step in pieces (<see cref="Events.StepOutput.PieceLength"/>):
    /// <paramref name="continues"/> when the text is not the end of its line, the next output of the same stream
    /// continuing it (<see cref="Events.StepOutput.Continues"/>).
    /// </summary>
    public void Output(string text, bool isError, bool continues = false) => output(text, isError, continues);
}
