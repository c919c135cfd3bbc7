using System.Text;

namespace TaskRunner.Fuzz;

/// <summary>Saves a failing input as files (task, values, --set options, what happened) that <c>replay</c> reads back.</summary>
public static class CrashStore
{
    public static string Save(string directory, int seed, FuzzInput input, Outcome outcome)
    {
        var folder = Path.Combine(directory, $"{outcome.Status}-s{seed}-i{input.Index}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "acr-task.yaml"), input.TaskText);
        if (input.ValuesText is not null) File.WriteAllText(Path.Combine(folder, "values.yaml"), input.ValuesText);
        File.WriteAllText(Path.Combine(folder, "set.txt"), string.Join("\n", input.Set.Select(Escape)));
        File.WriteAllText(Path.Combine(folder, "outcome.txt"),
            $"status: {outcome.Status}\nseed: {seed}\nindex: {input.Index}\nrecipe: {input.Recipe}\nms: {outcome.Milliseconds:0}\n\n{outcome.Detail}\n");
        return folder;
    }

    public static FuzzInput Read(string folder)
    {
        var task = File.ReadAllText(Path.Combine(folder, "acr-task.yaml"));
        var valuesPath = Path.Combine(folder, "values.yaml");
        var setPath = Path.Combine(folder, "set.txt");
        var set = File.Exists(setPath) ? File.ReadAllText(setPath).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToList() : [];
        return new FuzzInput(-1, "replay " + folder, task, File.Exists(valuesPath) ? File.ReadAllText(valuesPath) : null, set);
    }

    /// <summary>One --set per line: backslash, newline and carriage return escaped.</summary>
    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
            var c = s[++i];
            sb.Append(c switch { 'n' => '\n', 'r' => '\r', _ => c });
        }
        return sb.ToString();
    }
}
