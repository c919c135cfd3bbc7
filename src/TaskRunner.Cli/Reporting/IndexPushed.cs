namespace TaskRunner.Cli.Reporting;

/// <summary>A <c>docker manifest push</c> step stored an index under this digest.</summary>
public sealed record IndexPushed(string StepId, string Index, string Digest);
