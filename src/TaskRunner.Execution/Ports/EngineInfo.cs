namespace TaskRunner.Execution.Ports;

/// <summary>What the engine reported about itself.</summary>
public sealed record EngineInfo(string OS, string Architecture, string ApiVersion, string ServerVersion);
