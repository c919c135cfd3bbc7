namespace TaskRunner.Cli.Output;

public enum DiagnosticFormat
{
    Text,
    Json,
    Github,
    Sarif,
}
