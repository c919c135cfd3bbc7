namespace TaskRunner.Execution.Events;

/// <summary>
/// One line printed by a step (container output, build output, push progress), or one piece of a line longer than
/// <see cref="PieceLength"/> characters: such a line reaches the observers as several events, every piece but the
/// last <see cref="Continues"/> (memory stays bounded for a step that prints hundreds of megabytes without a line break).
/// </summary>
public sealed record StepOutput(string StepId, string Text, bool IsError) : RunEvent
{
    /// <summary>
    /// The length of the pieces a long line is cut into (64 Ki characters, what acb's line scanner cannot get past).
    /// A piece that continues is this long (one more when it would otherwise end between the two halves of a
    /// surrogate pair); the last piece of a line is shorter, possibly empty.
    /// </summary>
    public const int PieceLength = 64 * 1024;

    /// <summary>
    /// Whether this text is not the end of its line: the next output event of the same step and stream continues it.
    /// Set by whoever cut the line (<see cref="LineSplitter"/> says so with each piece), never guessed from the text's
    /// length (a whole line may be exactly <see cref="PieceLength"/> long), and kept when the text is masked.
    /// </summary>
    public bool Continues { get; init; }
}
