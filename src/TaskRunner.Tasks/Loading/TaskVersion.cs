using System.Text.RegularExpressions;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// Version detection on the raw text, as acb does it: the first <c>version:</c> line, the key possibly quoted. Only a
/// top-level key counts (at the start of its line): an indented <c>version:</c> belongs to a nested map or a block
/// scalar, such as a compose file written by a step.
/// </summary>
public static partial class TaskVersion
{
    public const string V100 = "v1.0.0";
    public const string V110 = "v1.1.0";
    public const string Preview = "1.0-preview-1";
    public static readonly IReadOnlyList<string> Valid = [Preview, V100, V110];

    [GeneratedRegex(@"^(?<q>['""]?)version\k<q>[ \t]*:[ \t]*(?<value>[^\r\n#]*)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    /// <summary>The detected version (normalised), the raw value when invalid, and its line/column (1-based; 0 when absent).</summary>
    public static (string? Version, string Raw, int Line, int Column) Detect(string text)
    {
        var match = VersionLine().Match(text);
        if (!match.Success) return (V100, "", 0, 0);
        var raw = match.Groups["value"].Value.Trim().Trim('"', '\'');
        var line = text.AsSpan(0, match.Index).Count('\n') + 1;
        var column = match.Groups["value"].Index - match.Index + 1;
        var normalised = Valid.FirstOrDefault(v => string.Equals(v, raw, StringComparison.OrdinalIgnoreCase));
        return (normalised, raw, line, column);
    }
}
