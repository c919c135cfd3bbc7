namespace TaskRunner.Registry.Manifests;

/// <summary>
/// One image of a manifest list being assembled: where it came from, its manifest (exact bytes) and platform, and
/// the blobs it references (config and layers), which must exist in the target repository before the list does.
/// </summary>
public sealed record ManifestEntry
{
    /// <summary>The normalised reference the image was named by.</summary>
    public required string Ref { get; init; }
    public required string MediaType { get; init; }
    public required string Digest { get; init; }
    public required long Size { get; init; }
    public required ManifestPlatform Platform { get; init; }
    public required byte[] Raw { get; init; }
    public IReadOnlyList<string> Blobs { get; init; } = [];
    /// <summary>Entry annotations (OCI index only).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
