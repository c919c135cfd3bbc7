namespace TaskRunner.Execution.Ports;

/// <summary>Names of engine objects found by a label query.</summary>
public sealed record EngineObjects(IReadOnlyList<string> Containers, IReadOnlyList<string> Networks, IReadOnlyList<string> Volumes)
{
    public bool IsEmpty => Containers.Count == 0 && Networks.Count == 0 && Volumes.Count == 0;
}
