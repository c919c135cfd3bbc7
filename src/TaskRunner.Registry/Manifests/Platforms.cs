namespace TaskRunner.Registry.Manifests;

/// <summary>The os/arch combinations docker accepts in <c>manifest annotate</c> (Go's GOOS/GOARCH pairs).</summary>
public static class Platforms
{
    private static readonly HashSet<string> Valid = new(StringComparer.Ordinal)
    {
        "aix/ppc64", "android/386", "android/amd64", "android/arm", "android/arm64", "darwin/386", "darwin/amd64",
        "darwin/arm", "darwin/arm64", "dragonfly/amd64", "freebsd/386", "freebsd/amd64", "freebsd/arm", "freebsd/arm64",
        "illumos/amd64", "ios/arm64", "js/wasm", "linux/386", "linux/amd64", "linux/arm", "linux/arm64", "linux/loong64",
        "linux/ppc64", "linux/ppc64le", "linux/mips", "linux/mipsle", "linux/mips64", "linux/mips64le", "linux/riscv64",
        "linux/s390x", "netbsd/386", "netbsd/amd64", "netbsd/arm", "openbsd/386", "openbsd/amd64", "openbsd/arm",
        "openbsd/arm64", "plan9/386", "plan9/amd64", "plan9/arm", "solaris/amd64", "wasip1/wasm", "windows/386",
        "windows/amd64", "windows/arm", "windows/arm64",
    };

    public static bool IsValid(string os, string architecture) => Valid.Contains($"{os}/{architecture}");
}
