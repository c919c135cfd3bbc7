namespace TaskRunner.Fidelity.Tests.Harness;

/// <summary>One task file and the flags both runners get: -r, --id, --values, --set.</summary>
public sealed record FidelityInput
{
    public required string TaskFile { get; init; }
    public string? ValuesFile { get; init; }
    public IReadOnlyList<string> Set { get; init; } = [];
    public string Registry { get; init; } = "reg.azurecr.io";
    public string Id { get; init; } = "run1";

    /// <summary>The flags as a command line (for ready-to-paste cases).</summary>
    public string FlagsText()
    {
        var parts = new List<string> { "-r", Registry, "--id", Id };
        if (ValuesFile is not null) parts.AddRange(["--values", Path.GetFileName(ValuesFile)]);
        foreach (var s in Set) parts.AddRange(["--set", Quote(s)]);
        return string.Join(' ', parts);
    }

    private static string Quote(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || "=._-/:,".Contains(c)) ? s : "'" + s.Replace("'", "'\"'\"'") + "'";
}
