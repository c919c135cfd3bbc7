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

    /// <summary>
    /// A platform as the engine reads it, for comparing two written differently: <c>arm64</c>, <c>linux/arm64</c>,
    /// <c>linux/aarch64</c> and <c>Linux/ARM64/v8</c> are all <c>linux/arm64</c>; an architecture alone is Linux's.
    /// </summary>
    public static string CanonicalPlatform(string platform)
    {
        var parts = platform.Trim().ToLowerInvariant().Split('/');
        var (os, arch, variant) = parts.Length == 1 ? ("linux", parts[0], "") : (parts[0], parts[1], parts.Length > 2 ? parts[2] : "");
        arch = Names.TryGetValue(arch, out var known) ? known : arch;
        if (arch == "arm64" && variant == "v8") variant = "";
        return variant.Length == 0 ? $"{os}/{arch}" : $"{os}/{arch}/{variant}";
    }

    /// <summary>The architecture of an os/arch[/variant] platform string, or null.</summary>
    public static string? FromPlatform(string platform)
    {
        var parts = platform.Split('/');
        return parts.Length >= 2 && Names.TryGetValue(parts[1], out var arch) ? arch : null;
    }
}
