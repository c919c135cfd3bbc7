namespace TaskRunner.Tasks.Model;

public enum StepKind
{
    Build,
    Push,
    Cmd,
}
