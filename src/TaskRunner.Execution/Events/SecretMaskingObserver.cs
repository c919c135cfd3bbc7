using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Events;

/// <summary>
/// Replaces every secret value, and its common encodings (<see cref="SecretMasker"/>), with <c>***</c> in every text
/// field of the events it forwards: step output, messages, step descriptions, retry reasons, step errors, the run's
/// start (run and step ids), images built and pushed, and the run result. So a step that echoes a secret, or its
/// base64, never prints it. Values shorter than 3 characters are not masked (they would hide ordinary text).
/// </summary>
/// <remarks>
/// Step ids are masked in every event alike, so the events still agree on them; an id holding a secret is shown as
/// <c>***</c>.
/// </remarks>
public sealed class SecretMaskingObserver(IRunObserver inner, SecretMasker masker) : IRunObserver
{
    public const string Mask = SecretMasker.Placeholder;

    public SecretMaskingObserver(IRunObserver inner, IEnumerable<string> secrets) : this(inner, new SecretMasker(secrets))
    {
    }

    public void OnEvent(RunEvent runEvent) => inner.OnEvent(masker.IsEmpty ? runEvent : Masked(runEvent));

    public string MaskText(string text) => masker.Mask(text);

    private string? MaskOptional(string? text) => text is null ? null : masker.Mask(text);

    private IReadOnlyList<string> MaskAll(IReadOnlyList<string> texts) => texts.Select(masker.Mask).ToList();

    private RunEvent Masked(RunEvent e) => e switch
    {
        StepOutput o => MaskOutput(o),
        RunMessage m => m with { Text = masker.Mask(m.Text), StepId = MaskOptional(m.StepId) },
        StepStarted s => s with { StepId = masker.Mask(s.StepId), Description = masker.Mask(s.Description) },
        StepRetrying r => r with { StepId = masker.Mask(r.StepId), Reason = masker.Mask(r.Reason) },
        StepFinished f => f with { Result = MaskStep(f.Result) },
        RunStarted s => s with { RunId = masker.Mask(s.RunId), StepIds = MaskAll(s.StepIds) },
        ImageBuilt b => b with { StepId = masker.Mask(b.StepId), ImageId = masker.Mask(b.ImageId), Tags = MaskAll(b.Tags) },
        ImagePushed p => p with { StepId = masker.Mask(p.StepId), Image = masker.Mask(p.Image), Digest = MaskOptional(p.Digest) },
        RunFinished r => r with { Result = MaskResult(r.Result) },
        _ => e,
    };

    /// <summary>The busiest event: forwarded as it is when nothing in it changes (<see cref="SecretMasker.Mask"/> then returns the same strings).</summary>
    private StepOutput MaskOutput(StepOutput output)
    {
        var text = masker.Mask(output.Text);
        var step = masker.Mask(output.StepId);
        return ReferenceEquals(text, output.Text) && ReferenceEquals(step, output.StepId) ? output : output with { StepId = step, Text = text };
    }

    private StepResult MaskStep(StepResult step) => step with { StepId = masker.Mask(step.StepId), Error = MaskOptional(step.Error) };

    private RunResult MaskResult(RunResult result) => result with
    {
        RunId = masker.Mask(result.RunId),
        Error = MaskOptional(result.Error),
        Steps = result.Steps.Select(MaskStep).ToList(),
        ImagesBuilt = result.ImagesBuilt.Select(b => b with
        {
            StepId = masker.Mask(b.StepId),
            ImageId = masker.Mask(b.ImageId),
            Tags = MaskAll(b.Tags),
            RuntimeDependency = MaskOptional(b.RuntimeDependency),
            BuildTimeDependencies = MaskAll(b.BuildTimeDependencies),
        }).ToList(),
        ImagesPushed = result.ImagesPushed.Select(p => p with
        {
            StepId = masker.Mask(p.StepId),
            Image = masker.Mask(p.Image),
            Digest = MaskOptional(p.Digest),
        }).ToList(),
        BaseImageDigests = result.BaseImageDigests
            .Select(d => (Image: masker.Mask(d.Key), Digest: masker.Mask(d.Value)))
            .DistinctBy(d => d.Image, StringComparer.Ordinal)
            .ToDictionary(d => d.Image, d => d.Digest, StringComparer.Ordinal),
        Commit = masker.Mask(result.Commit),
        Kept = MaskAll(result.Kept),
    };
}
