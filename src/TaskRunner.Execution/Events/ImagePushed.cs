namespace TaskRunner.Execution.Events;

/// <summary>A push step sent an image to its registry, which stored it under <paramref name="Digest"/>.</summary>
public sealed record ImagePushed(string StepId, string Image, string? Digest) : RunEvent;
