namespace TaskRunner.Execution.Ports;

/// <summary>The parts of an image inspection a run uses.</summary>
public sealed record ImageDetails(string Id, string OS, string Architecture, IReadOnlyList<string> RepoTags, IReadOnlyList<string> RepoDigests);
