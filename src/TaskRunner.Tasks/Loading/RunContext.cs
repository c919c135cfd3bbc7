namespace TaskRunner.Tasks.Loading;

/// <summary>
/// The run's identity and environment as the templates see it (<c>.Run.*</c>). Values the user did not give are empty
/// strings, as in acb. <see cref="Registry"/> and <see cref="Id"/> being empty marks "validation without a run".
/// </summary>
public sealed record RunContext
{
    public string Id { get; init; } = "";
    public string Commit { get; init; } = "";
    public string Repository { get; init; } = "";
    public string Branch { get; init; } = "";
    public string GitTag { get; init; } = "";
    public string TriggeredBy { get; init; } = "";
    public string Registry { get; init; } = "";
    public string TaskName { get; init; } = "";
    public string OS { get; init; } = "linux";
    public string Architecture { get; init; } = "amd64";
    public string OSVersion { get; init; } = "";
    public string SharedVolume { get; init; } = "";
    /// <summary>UTC start time of the run (SOURCE_DATE_EPOCH when set).</summary>
    public DateTimeOffset StartTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The registry up to its first '.', unchanged without a dot.</summary>
    public string RegistryName => Registry.IndexOf('.') is var i and >= 0 ? Registry[..i] : Registry;

    /// <summary><c>yyyyMMdd-HHmmss</c> followed by a literal <c>z</c>.</summary>
    public string Date => StartTime.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "z";

    /// <summary>The machine's architecture in Go/OCI naming.</summary>
    public static string HostArchitecture() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => "amd64",
    };
}
