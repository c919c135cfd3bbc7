namespace TaskRunner.Tasks.Loading.Aliases;

/// <summary>The resolved alias map and directive character of a v1.1.0 task.</summary>
public sealed class AliasDefinitions
{
    public const char DefaultDirective = '$';

    public AliasDefinitions(IReadOnlyDictionary<string, string> map, char directive)
    {
        Map = map;
        Directive = directive;
    }

    public IReadOnlyDictionary<string, string> Map { get; }
    public char Directive { get; }

    /// <summary>The run aliases (<c>$ID</c> ...) that expand to <c>.Run</c> fields, written with the given delimiters.</summary>
    public static IReadOnlyDictionary<string, string> BuiltIns(string left, string right)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "ID", "SharedVolume", "Registry", "RegistryName", "Date", "OS", "Architecture", "Commit", "Branch" })
            map[name] = $"{left}.Run.{name}{right}";
        foreach (var (name, image) in ImageAliases) map[name] = image;
        return map;
    }

    /// <summary>Images that a cmd step may name by alias as its first word: acb's current table (Azure/acr-builder 90b22f3, graph/global-defaults-linux.go).</summary>
    public static readonly IReadOnlyList<(string Name, string Image)> ImageAliases =
    [
        ("acr", "mcr.microsoft.com/acr/acr-cli:0.19"),
        ("az", "mcr.microsoft.com/acr/azure-cli:2ff604c"),
        ("bash", "mcr.microsoft.com/acr/bash:2ff604c"),
        ("curl", "mcr.microsoft.com/acr/curl:2ff604c"),
        ("cssc", "mcr.microsoft.com/acr/cssc:2ff604c"),
    ];

    public static bool IsValidName(string name) => name.Length > 0 && name.All(char.IsAsciiLetterOrDigit);
}
