namespace TaskRunner.Cli;

/// <summary>A mistake in how the command was called (exit code 2); the message says what to change.</summary>
public sealed class UsageException(string message) : Exception(message);
