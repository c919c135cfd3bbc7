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
/// <c>***</c>. A line that comes in pieces (<see cref="StepOutput.Continues"/>) is masked across its pieces: each piece
/// that continues is held until the next piece of its step and stream arrives, so that a secret straddling the cut is
/// hidden on both sides (a step's held piece also goes out before any other event of that step, and at the run's end).
/// </remarks>
public sealed class SecretMaskingObserver(IRunObserver inner, SecretMasker masker) : IRunObserver
{
    public const string Mask = SecretMasker.Placeholder;

    /// <summary>Per step and stream: the piece held back and how much of its start the piece before it covers.</summary>
    private readonly Dictionary<(string StepId, bool IsError), (StepOutput Piece, int Covered)> _held = [];
    private readonly object _lock = new();
    private volatile int _pending; // _held.Count, read without the lock on the busy path

    public SecretMaskingObserver(IRunObserver inner, IEnumerable<string> secrets) : this(inner, new SecretMasker(secrets))
    {
    }

    public void OnEvent(RunEvent runEvent)
    {
        if (masker.IsEmpty)
        {
            inner.OnEvent(runEvent);
            return;
        }
        // Ordinary lines while no line is in pieces: nothing to hold or carry.
        if (_pending == 0 && runEvent is StepOutput { Continues: false } line)
        {
            inner.OnEvent(MaskOutput(line));
            return;
        }
        lock (_lock)
        {
            switch (runEvent)
            {
                case StepOutput output:
                    OnPiece(output);
                    return;
                case RunFinished:
                    foreach (var key in _held.Keys.ToList()) Release(key);
                    break;
                case StepStarted or StepFinished or StepRetrying or ImageBuilt or ImagePushed or RunMessage:
                    if (StepOf(runEvent) is { } step)
                        foreach (var key in _held.Keys.Where(k => k.StepId == step).ToList()) Release(key);
                    break;
            }
            _pending = _held.Count;
        }
        inner.OnEvent(Masked(runEvent));
    }

    private void OnPiece(StepOutput output)
    {
        var key = (output.StepId, output.IsError);
        var covered = 0;
        if (_held.Remove(key, out var held))
        {
            var text = masker.MaskPiece(held.Piece.Text, held.Covered, output.Text, out covered);
            inner.OnEvent(held.Piece with { StepId = masker.Mask(held.Piece.StepId), Text = text });
        }
        if (output.Continues)
        {
            _held[key] = (output, covered);
        }
        else
        {
            // A match reaching into this last piece ends in it: the piece before saw as much of it as a match can take.
            var text = masker.MaskPiece(output.Text, covered, [], out _);
            inner.OnEvent(output with { StepId = masker.Mask(output.StepId), Text = text });
        }
        _pending = _held.Count;
    }

    /// <summary>Sends a held piece on as the end of its line (its stream stopped in the middle of a line).</summary>
    private void Release((string StepId, bool IsError) key)
    {
        if (!_held.Remove(key, out var held)) return;
        var text = masker.MaskPiece(held.Piece.Text, held.Covered, [], out _);
        inner.OnEvent(held.Piece with { StepId = masker.Mask(held.Piece.StepId), Text = text, Continues = false });
    }

    private static string? StepOf(RunEvent e) => e switch
    {
        StepStarted s => s.StepId,
        StepFinished f => f.Result.StepId,
        StepRetrying r => r.StepId,
        ImageBuilt b => b.StepId,
        ImagePushed p => p.StepId,
        RunMessage m => m.StepId,
        _ => null,
    };

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
