namespace TaskRunner.Execution.Steps.Build;

/// <summary>
/// A build's <c>--platform</c> (<c>os/arch[/variant]</c>, or <c>arch</c> alone for linux), compared with an image's
/// OS and architecture the way the engine writes them (<c>aarch64</c> is <c>arm64</c>, <c>x86_64</c> is <c>amd64</c>).
/// The variant is not compared: the engine's image inspection this run reads does not carry it.
/// </summary>
public sealed record BuildPlatform(string OS, string Architecture, string? Variant)
{
    public static BuildPlatform? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().ToLowerInvariant().Split('/');
        if (parts.Any(p => p.Length == 0) || parts.Length > 3) return null;
        return parts.Length == 1
            ? new BuildPlatform("linux", NormaliseArchitecture(parts[0]), null)
            : new BuildPlatform(parts[0], NormaliseArchitecture(parts[1]), parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>Whether an image of this OS and architecture is for the platform; an unknown (empty) architecture matches.</summary>
    public bool Matches(string os, string architecture) =>
        (string.IsNullOrEmpty(os) || string.Equals(os, OS, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(architecture) || NormaliseArchitecture(architecture) == Architecture);

    public static string Describe(string os, string architecture) => $"{(os.Length == 0 ? "?" : os.ToLowerInvariant())}/{(architecture.Length == 0 ? "?" : architecture.ToLowerInvariant())}";

    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    private static string NormaliseArchitecture(string architecture) => architecture.ToLowerInvariant() switch
    {
        "aarch64" => "arm64",
        "x86_64" or "x86-64" => "amd64",
        "i386" or "i686" => "386",
        "armhf" or "armel" => "arm",
        var a => a,
    };
}
