namespace TaskRunner.Execution.Ports;

/// <summary>A network to create.</summary>
public sealed record NetworkSpec(string Name, string? Driver, bool Ipv6, IReadOnlyDictionary<string, string> Labels);
