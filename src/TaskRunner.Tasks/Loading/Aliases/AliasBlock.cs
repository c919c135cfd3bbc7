using System.Text.RegularExpressions;
using TaskRunner.Tasks.Loading.Text;

namespace TaskRunner.Tasks.Loading.Aliases;

/// <summary>
/// The top-level <c>alias:</c> block, cut out of the text the way acb cuts it: from a line starting with
/// <c>alias:</c> up to the next line that starts a top-level key.
/// </summary>
public static partial class AliasBlock
{
    [GeneratedRegex(@"^alias\s*:.*$")]
    private static partial Regex AliasKey();

    [GeneratedRegex(@"^[^\s:]+[^:]*:.*$")]
    private static partial Regex TopLevelKey();

    /// <summary>Splits the text into the alias block (empty when absent) and the rest.</summary>
    public static (MappedText Block, MappedText Remainder) Separate(MappedText text)
    {
        var block = new List<MappedLine>();
        var rest = new List<MappedLine>();
        var inside = false;
        foreach (var line in text.Lines)
        {
            if (!inside && AliasKey().IsMatch(line.Text)) inside = true;
            else if (inside && TopLevelKey().IsMatch(line.Text)) inside = false;
            (inside ? block : rest).Add(line);
        }
        return (new MappedText(text.File, block), new MappedText(text.File, rest));
    }
}
