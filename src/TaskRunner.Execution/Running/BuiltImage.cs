namespace TaskRunner.Execution.Running;

/// <summary>An image a build step produced, with the base images its Dockerfile names.</summary>
public sealed record BuiltImage(string StepId, string ImageId, IReadOnlyList<string> Tags, string? RuntimeDependency, IReadOnlyList<string> BuildTimeDependencies);
