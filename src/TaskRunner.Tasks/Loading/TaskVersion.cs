using System.Text;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// The task's version, read twice as acb reads it. Aliases are switched on from the raw text: the first line (comment
/// and blank lines skipped) that starts with <c>version</c> (possibly quoted) before a colon gives the text after the
/// colon, spaces and quotes trimmed, a trailing comment kept; aliases are on when that text sorts at or after
/// <c>v1.1.0</c> byte by byte, case-sensitively, with no byte order mark handling (a BOM hides a first-line version).
/// The version that is validated is the <c>version</c> value of the rendered YAML, compared in lower case.
/// </summary>
public static class TaskVersion
{
    public const string V100 = "v1.0.0";
    public const string V110 = "v1.1.0";
    public const string Preview = "1.0-preview-1";
    public static readonly IReadOnlyList<string> Valid = [Preview, V100, V110];

    /// <summary>The raw version text acb's alias switch sees, with its 1-based line and column; null when no line gives one.</summary>
    public static (string Raw, int Line, int Column)? FindRaw(string text)
    {
        var lineNumber = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            lineNumber++;
            var line = text[start..end];
            if (line.EndsWith('\r')) line = line[..^1];
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#') && line.TrimStart('\'', '"').StartsWith("version", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':');
                if (colon >= 0 && line[..colon].Trim().Trim('\'', '"') == "version")
                {
                    var value = line[(colon + 1)..].Trim().Trim('\'', '"');
                    var column = colon + 2;
                    while (column <= line.Length && (char.IsWhiteSpace(line[column - 1]) || line[column - 1] is '\'' or '"')) column++;
                    return (value, lineNumber, column);
                }
            }
            if (end == text.Length) break;
            start = end + 1;
        }
        return null;
    }

    /// <summary>Whether acb switches aliases on for this raw version text (Go's string comparison: bytes of UTF-8).</summary>
    public static bool EnablesAliases(string? raw) =>
        raw is not null && Encoding.UTF8.GetBytes(raw).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(V110)) >= 0;

    /// <summary>The valid version a YAML value names (in any case), null when it names none; empty means v1.0.0.</summary>
    public static string? Normalise(string value) =>
        value.Length == 0 ? V100 : Valid.FirstOrDefault(v => string.Equals(v, value.ToLowerInvariant(), StringComparison.Ordinal));
}
