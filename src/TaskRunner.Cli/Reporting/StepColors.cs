namespace TaskRunner.Cli.Reporting;

/// <summary>A stable ANSI colour per step id, as act colours its jobs; none when colour is off.</summary>
public sealed class StepColors(bool enabled)
{
    private static readonly string[] Palette = ["36", "33", "35", "32", "34", "96", "93", "95", "92", "94"];
    private readonly Dictionary<string, string> _assigned = new(StringComparer.Ordinal);

    public bool Enabled => enabled;

    public string Paint(string stepId, string text)
    {
        if (!enabled) return text;
        lock (_assigned)
        {
            if (!_assigned.TryGetValue(stepId, out var code)) _assigned[stepId] = code = Palette[_assigned.Count % Palette.Length];
            return $"\u001b[{code}m{text}\u001b[0m";
        }
    }

    /// <summary>Colour is on for a terminal unless NO_COLOR is set (https://no-color.org).</summary>
    public static bool Wanted(bool redirected) =>
        !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
