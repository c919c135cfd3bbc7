using TaskRunner.Tasks.Loading.Text;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// ACR removes every line whose first non-blank character is '#' before rendering, inside block scalars too; a
/// comment after content on the same line stays (YAML drops it later).
/// </summary>
public static class CommentLines
{
    /// <summary>acb's test: the line, Go's white space trimmed (a form feed or no-break space too), starts with '#'.</summary>
    public static bool IsCommentLine(string line)
    {
        var i = 0;
        while (i < line.Length && Validation.GoText.IsSpace(line[i])) i++;
        return i < line.Length && line[i] == '#';
    }

    public static MappedText Remove(MappedText text) => text.Where(l => !IsCommentLine(l.Text));
}
