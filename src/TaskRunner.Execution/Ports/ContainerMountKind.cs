namespace TaskRunner.Execution.Ports;

public enum ContainerMountKind
{
    Volume,
    Bind,
}
