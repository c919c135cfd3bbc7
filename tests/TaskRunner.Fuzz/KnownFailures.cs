namespace TaskRunner.Fuzz;

/// <summary>
/// tests/fuzz/known-failures.txt: failures already reported and left to another change, one a line:
/// <c>status&lt;TAB&gt;text&lt;TAB&gt;text...&lt;TAB&gt;# why</c>. A failure of that status whose recipe and detail hold every text
/// is counted as known (and still saved), not as a failure of the run. Keep the list short and say why in it.
/// </summary>
public sealed class KnownFailures(IReadOnlyList<(string Status, string[] Texts, string Why)> entries)
{
    public static KnownFailures Load(string path)
    {
        var entries = new List<(string, string[], string)>();
        if (File.Exists(path))
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var fields = line.Split('\t');
                var why = fields.FirstOrDefault(f => f.StartsWith('#')) ?? "";
                entries.Add((fields[0], fields.Skip(1).Where(f => !f.StartsWith('#') && f.Length > 0).ToArray(), why.TrimStart('#', ' ')));
            }
        return new KnownFailures(entries);
    }

    /// <summary>The reason a failure is known, or null.</summary>
    public string? Match(FuzzInput input, Outcome outcome)
    {
        var haystack = input.Recipe + "\n" + outcome.Detail;
        foreach (var (status, texts, why) in entries)
            if (status == outcome.Status && texts.All(t => haystack.Contains(t, StringComparison.Ordinal))) return why;
        return null;
    }
}
