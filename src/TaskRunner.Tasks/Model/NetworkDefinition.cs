using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A task-level <c>networks</c> entry.</summary>
public sealed record NetworkDefinition(
    string Name,
    string? Driver,
    bool Ipv6,
    bool SkipCreation,
    bool IsDefault,
    SourceSpan Span);
