namespace TaskRunner.Tasks.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}
