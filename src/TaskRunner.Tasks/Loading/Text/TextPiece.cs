namespace TaskRunner.Tasks.Loading.Text;

/// <summary>
/// A run of a derived line that came from one place of the original line. <see cref="Exact"/> pieces map
/// character by character; inexact ones (alias expansions) map every character to where the alias was written.
/// </summary>
public readonly record struct TextPiece(int Start, int Length, int OriginalColumn, bool Exact);
