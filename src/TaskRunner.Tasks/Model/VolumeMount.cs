using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Model;

/// <summary>A step's <c>volumeMounts</c> entry: a task volume mounted at a path in the step's container.</summary>
public sealed record VolumeMount(string Name, string MountPath, SourceSpan Span);
