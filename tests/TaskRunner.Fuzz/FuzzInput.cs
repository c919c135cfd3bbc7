namespace TaskRunner.Fuzz;

/// <summary>One generated input: a task file, an optional values file and --set options, with how it was made.</summary>
public sealed record FuzzInput(long Index, string Recipe, string TaskText, string? ValuesText, IReadOnlyList<string> Set);
