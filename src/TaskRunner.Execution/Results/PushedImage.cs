namespace TaskRunner.Execution.Results;

/// <summary>An image a push step sent, with the digest the registry reported.</summary>
public sealed record PushedImage(string StepId, string Image, string? Digest);
