namespace TaskRunner.Execution.Engine;

/// <summary>What the engine reported about itself.</summary>
public sealed record EngineInfo(string OS, string Architecture, string ApiVersion, string ServerVersion);
