namespace TaskRunner.Execution.Ports;

/// <summary>A volume (by name) or a host path (bind) mounted in a container.</summary>
public sealed record ContainerMount(ContainerMountKind Kind, string Source, string Target, bool ReadOnly = false);
