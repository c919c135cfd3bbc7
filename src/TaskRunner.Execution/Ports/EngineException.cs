namespace TaskRunner.Execution.Ports;

/// <summary>An error reported by the container engine (or the engine could not be reached), in words for the user.</summary>
public sealed class EngineException(string message, Exception? inner = null) : Exception(message, inner);
