namespace TaskRunner.Templating;

/// <summary>How a template is read and what its clock says.</summary>
public sealed class TemplateOptions
{
    public string LeftDelimiter { get; init; } = "{{";
    public string RightDelimiter { get; init; } = "}}";
    /// <summary>The time <c>now</c> returns (the run's start time, so a run renders reproducibly).</summary>
    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;
    /// <summary>The budget of one render (output size, steps, value sizes); past it, a TPL006 error.</summary>
    public RenderLimits Limits { get; init; } = RenderLimits.Default;
}
