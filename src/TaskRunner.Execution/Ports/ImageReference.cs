namespace TaskRunner.Execution.Ports;

/// <summary>
/// An image reference split the way Docker does: registry (the first component when it has a '.' or ':' or is
/// <c>localhost</c>), repository, tag and digest.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "registry.hub.docker.com";

    public static ImageReference Parse(string reference)
    {
        var rest = reference.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0) { digest = rest[(at + 1)..]; rest = rest[..at]; }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/')) { tag = rest[(colon + 1)..]; rest = rest[..colon]; }
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        if (slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost"))
            return new ImageReference(first, rest[(slash + 1)..], tag, digest);
        var repository = slash < 0 ? "library/" + rest : rest;
        return new ImageReference(DockerHub, repository, tag, digest);
    }

    /// <summary>The name the engine uses for the repository (Docker Hub references without their registry).</summary>
    public string EngineRepository => Registry == DockerHub
        ? (Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository)
        : $"{Registry}/{Repository}";

    /// <summary>The tag, <c>latest</c> when neither a tag nor a digest is given.</summary>
    public string TagOrLatest => Tag ?? (Digest is null ? "latest" : "");

    /// <summary>The registry host credentials are looked up for (Docker Hub's classic key for Hub images).</summary>
    public string CredentialKey => Registry == DockerHub ? "https://index.docker.io/v1/" : Registry;

    public override string ToString() =>
        EngineRepository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
}
