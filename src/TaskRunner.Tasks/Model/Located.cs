using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A value read from the task file together with the position of its text in the original file.</summary>
public readonly record struct Located<T>(T Value, SourceSpan Span)
{
    public override string ToString() => Value?.ToString() ?? "";
}
