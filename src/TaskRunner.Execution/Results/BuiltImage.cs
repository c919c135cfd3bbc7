namespace TaskRunner.Execution.Results;

/// <summary>
/// An image a build step produced, with the base images its Dockerfile names. <paramref name="BuildCache"/>: the step
/// has <c>cache: enabled</c>, which acb builds with buildx and leaves out of its dependency report.
/// <paramref name="GitCommit"/>: the commit of a git URL context ("" for a local context), acb's <c>git-head-revision</c>.
/// </summary>
public sealed record BuiltImage(string StepId, string ImageId, IReadOnlyList<string> Tags, string? RuntimeDependency, IReadOnlyList<string> BuildTimeDependencies,
    bool BuildCache = false, string GitCommit = "");
