namespace TaskRunner.Execution.Ports;

/// <summary>The parts of an image inspection a run uses (<see cref="Variant"/> is empty where the engine records none).</summary>
public sealed record ImageDetails(string Id, string OS, string Architecture, IReadOnlyList<string> RepoTags, IReadOnlyList<string> RepoDigests, string Variant = "");
