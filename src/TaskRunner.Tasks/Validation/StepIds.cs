using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Validation;

/// <summary>acb's step id rules: the default id, the reserved root id, the immediate-execution token.</summary>
public static class StepIds
{
    public const string Root = "acb_root";
    public const string Immediate = "-";

    public static string DefaultFor(int index) => $"acb_step_{index}";

    public static string Of(StepDefinition step) => step.Id?.Value ?? DefaultFor(step.Index);
}
