namespace TaskRunner.Tasks.Diagnostics;

/// <summary>One problem found in a task file: where, how bad, a stable code, and what to do about it.</summary>
public sealed record Diagnostic(SourceSpan Span, Severity Severity, string Code, string Message)
{
    public override string ToString() =>
        $"{Span}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}
