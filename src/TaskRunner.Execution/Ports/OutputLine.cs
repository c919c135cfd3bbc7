namespace TaskRunner.Execution.Ports;

/// <summary>
/// One line of a container's output, without its line terminator, or one piece of a longer line
/// (<see cref="Events.StepOutput.PieceLength"/>): <paramref name="Continues"/> when the text is not the end of its line.
/// </summary>
public readonly record struct OutputLine(string Text, bool IsError, bool Continues = false);
