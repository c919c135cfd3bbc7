namespace TaskRunner.Registry.Manifests;

/// <summary>The platform of an index entry, with the fields docker writes, in its order.</summary>
public sealed record ManifestPlatform(
    string Architecture,
    string OS,
    string? OSVersion = null,
    IReadOnlyList<string>? OSFeatures = null,
    string? Variant = null,
    IReadOnlyList<string>? Features = null)
{
    public override string ToString() => $"{OS}/{Architecture}{(Variant is { Length: > 0 } v ? "/" + v : "")}";
}
