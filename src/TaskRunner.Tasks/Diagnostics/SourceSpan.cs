namespace TaskRunner.Tasks.Diagnostics;

/// <summary>A position in the ORIGINAL task file (1-based line and column), before comment removal and rendering.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    public static SourceSpan None(string file) => new(file, 0, 0);
    public bool IsKnown => Line > 0;
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;
}
