namespace TaskRunner.Execution.Ports;

/// <summary>One line of a container's output, without its line terminator.</summary>
public readonly record struct OutputLine(string Text, bool IsError);
