using System.Text.RegularExpressions;

namespace TaskRunner.Execution.Run;

/// <summary>
/// A platform as docker (containerd's <c>platforms</c> package) normalises it: <c>os/arch[/variant]</c> with the OS
/// lower-cased and the architecture's aliases folded (<c>aarch64</c> is <c>arm64</c>, <c>x86_64</c> is
/// <c>amd64</c>, <c>armhf</c> is <c>arm/v7</c>, <c>armel</c> is <c>arm/v6</c>); the default variants go
/// (<c>arm64/v8</c> is <c>arm64</c>, <c>amd64/v1</c> is <c>amd64</c>) and <c>arm</c> alone is <c>arm/v7</c>. A single
/// word is an architecture on linux (<c>arm64</c>), or an OS (<c>linux</c>, <c>windows</c>) on this machine's architecture.
/// </summary>
public sealed partial record EnginePlatform(string OS, string Architecture, string Variant)
{
    private static readonly string[] KnownOperatingSystems =
        ["aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos"];

    /// <summary>The platform, or an error in words: what a part may hold and what was given.</summary>
    public static bool TryParse(string text, out EnginePlatform? platform, out string error)
    {
        platform = null;
        error = "";
        var parts = text.Trim().Split('/');
        if (text.Trim().Length == 0 || parts.Length > 3)
        {
            error = $"'{text}' is not a platform: expected OS/ARCH[/VARIANT], such as linux/arm64";
            return false;
        }
        foreach (var part in parts)
        {
            if (!Specifier().IsMatch(part))
            {
                error = $"'{text}' is not a platform: '{part}' is not a valid part (letters, digits, '_' and '-'); expected OS/ARCH[/VARIANT], such as linux/arm64";
                return false;
            }
        }
        if (parts.Length == 1)
        {
            var word = parts[0].ToLowerInvariant();
            if (KnownOperatingSystems.Contains(word))
            {
                platform = Normalise(word, HostArchitecture(), "");
                return true;
            }
            var (architecture, variant) = NormaliseArchitecture(word, "");
            if (!IsKnownArchitecture(architecture))
            {
                error = $"'{text}' is not a platform: '{parts[0]}' is neither an operating system nor an architecture; expected OS/ARCH[/VARIANT], such as linux/arm64";
                return false;
            }
            platform = Normalise("linux", architecture, variant);
            return true;
        }
        platform = Normalise(parts[0], parts[1], parts.Length == 3 ? parts[2] : "");
        return true;
    }

    public static EnginePlatform? TryParse(string? text) => text is not null && TryParse(text, out var platform, out _) ? platform : null;

    private static EnginePlatform Normalise(string os, string architecture, string variant)
    {
        var (arch, normalisedVariant) = NormaliseArchitecture(architecture.ToLowerInvariant(), variant.ToLowerInvariant());
        return new EnginePlatform(os.ToLowerInvariant() == "macos" ? "darwin" : os.ToLowerInvariant(), arch, normalisedVariant);
    }

    // containerd's normalizeArch.
    private static (string Architecture, string Variant) NormaliseArchitecture(string architecture, string variant) => architecture switch
    {
        "i386" => ("386", ""),
        "x86_64" or "x86-64" or "amd64" => ("amd64", variant == "v1" ? "" : variant),
        "aarch64" or "arm64" => ("arm64", variant is "8" or "v8" ? "" : variant),
        "armhf" => ("arm", "v7"),
        "armel" => ("arm", "v6"),
        "arm" => ("arm", variant switch { "" or "7" => "v7", "5" or "6" or "8" => "v" + variant, _ => variant }),
        _ => (architecture, variant),
    };

    private static bool IsKnownArchitecture(string architecture) => architecture is "386" or "amd64" or "arm" or "arm64" or "ppc64le" or "ppc64" or "s390x"
        or "riscv64" or "mips" or "mipsle" or "mips64" or "mips64le" or "loong64" or "wasm";

    private static string HostArchitecture() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        _ => "amd64",
    };

    /// <summary>
    /// Whether an image of this OS, architecture and variant, as the engine records them, is for this platform. What
    /// the engine leaves empty matches (an engine before API 1.40 records no variant, and some images none at all).
    /// </summary>
    public bool Matches(string os, string architecture, string variant = "")
    {
        if (architecture.Length == 0) return os.Length == 0 || string.Equals(os, OS, StringComparison.OrdinalIgnoreCase);
        var image = Normalise(os.Length == 0 ? OS : os, architecture, variant);
        return image.OS == OS && image.Architecture == Architecture && (variant.Length == 0 || image.Variant == Variant);
    }

    /// <summary>An image's platform as the engine records it, for messages (<c>?</c> for what it leaves empty).</summary>
    public static string Describe(string os, string architecture, string variant = "") =>
        $"{(os.Length == 0 ? "?" : os.ToLowerInvariant())}/{(architecture.Length == 0 ? "?" : architecture.ToLowerInvariant())}"
        + (variant.Length == 0 ? "" : "/" + variant.ToLowerInvariant());

    public override string ToString() => Variant.Length == 0 ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Specifier();
}
