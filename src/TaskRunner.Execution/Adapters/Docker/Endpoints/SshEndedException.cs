namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// ssh ended before the engine answered; the message holds its exit code and what it wrote to stderr. A broken pipe
/// that revealed it is kept as the inner exception, and the message, not that cause, is what a user is shown.
/// </summary>
internal sealed class SshEndedException(string message, Exception? cause) : IOException(message, cause);
