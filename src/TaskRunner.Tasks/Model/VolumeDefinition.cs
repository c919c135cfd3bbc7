using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A task-level <c>volumes</c> entry: a named volume whose files are given base64-encoded in <c>secret</c>.</summary>
public sealed record VolumeDefinition(string Name, IReadOnlyDictionary<string, string> Secret, SourceSpan Span);
