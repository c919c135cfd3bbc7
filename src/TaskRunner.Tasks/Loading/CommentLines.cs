using TaskRunner.Tasks.Loading.Text;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// ACR removes every line whose first non-blank character is '#' before rendering, inside block scalars too; a
/// comment after content on the same line stays (YAML drops it later).
/// </summary>
public static class CommentLines
{
    public static bool IsCommentLine(string line) => line.TrimStart(' ', '\t').StartsWith('#');

    public static MappedText Remove(MappedText text) => text.Where(l => !IsCommentLine(l.Text));
}
