namespace TaskRunner.Execution.Engine;

public enum ContainerMountKind
{
    Volume,
    Bind,
}
