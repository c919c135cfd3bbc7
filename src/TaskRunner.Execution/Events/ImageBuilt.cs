namespace TaskRunner.Execution.Events;

/// <summary>A build step produced an image.</summary>
public sealed record ImageBuilt(string StepId, string ImageId, IReadOnlyList<string> Tags) : RunEvent;
