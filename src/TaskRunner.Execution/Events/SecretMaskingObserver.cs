using TaskRunner.Execution.Running;

namespace TaskRunner.Execution.Events;

/// <summary>
/// Replaces every secret value with <c>***</c> in the text of the events it forwards (step output, messages, step
/// errors), so a step that echoes a secret never prints it. Values shorter than 3 characters are not masked (they
/// would hide ordinary text).
/// </summary>
public sealed class SecretMaskingObserver(IRunObserver inner, IEnumerable<string> secrets) : IRunObserver
{
    public const string Mask = "***";
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 3).Distinct().OrderByDescending(s => s.Length).ToArray();

    public void OnEvent(RunEvent runEvent) => inner.OnEvent(_secrets.Length == 0 ? runEvent : Masked(runEvent));

    public string MaskText(string text)
    {
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    private RunEvent Masked(RunEvent e) => e switch
    {
        StepOutput o => o with { Text = MaskText(o.Text) },
        RunMessage m => m with { Text = MaskText(m.Text) },
        StepStarted s => s with { Description = MaskText(s.Description) },
        StepRetrying r => r with { Reason = MaskText(r.Reason) },
        StepFinished f when f.Result.Error is { } error => f with { Result = f.Result with { Error = MaskText(error) } },
        RunFinished r => r with { Result = MaskResult(r.Result) },
        _ => e,
    };

    private RunResult MaskResult(RunResult result) => result with
    {
        Error = result.Error is null ? null : MaskText(result.Error),
        Steps = result.Steps.Select(s => s.Error is null ? s : s with { Error = MaskText(s.Error) }).ToList(),
    };
}
