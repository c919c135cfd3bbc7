namespace TaskRunner.Tasks.Validation;

/// <summary>Recognises architecture names in tags and file names, normalised to Go/OCI names.</summary>
public static class Architectures
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["amd64"] = "amd64", ["x86_64"] = "amd64", ["x64"] = "amd64",
        ["arm64"] = "arm64", ["aarch64"] = "arm64", ["arm64v8"] = "arm64",
        ["arm"] = "arm", ["armhf"] = "arm", ["armv7"] = "arm", ["arm32v7"] = "arm", ["armv6"] = "arm", ["arm32v6"] = "arm",
        ["386"] = "386", ["i386"] = "386", ["x86"] = "386",
        ["ppc64le"] = "ppc64le", ["s390x"] = "s390x", ["riscv64"] = "riscv64", ["mips64le"] = "mips64le",
    };

    /// <summary>The single architecture named by the words of <paramref name="text"/> (split at '-', '_', '.', ':', '/'), or null.</summary>
    public static string? Find(string text)
    {
        string? found = null;
        foreach (var word in text.Split('-', '_', '.', ':', '/'))
        {
            if (!Names.TryGetValue(word, out var arch)) continue;
            if (found is not null && found != arch) return null; // ambiguous: say nothing
            found = arch;
        }
        return found;
    }

    /// <summary>The architecture of an os/arch[/variant] platform string, or null.</summary>
    public static string? FromPlatform(string platform)
    {
        var parts = platform.Split('/');
        return parts.Length >= 2 && Names.TryGetValue(parts[1], out var arch) ? arch : null;
    }
}
