using System.Text.RegularExpressions;

namespace TaskRunner.Registry.Names;

/// <summary>
/// An image reference with Docker's grammar and normalisation: <c>busybox</c> is <c>docker.io/library/busybox:latest</c>;
/// the first path component is a registry when it has a '.' or a ':' or is <c>localhost</c>.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";

    public required string Registry { get; init; }
    public required string Repository { get; init; }
    public string? Tag { get; init; }
    public string? Digest { get; init; }

    /// <summary>The tag or digest to address the manifest with (the digest wins).</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>The host the registry API answers on (Docker Hub's API host for docker.io).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex Domain();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")]
    private static partial Regex DigestPattern();

    /// <summary>Parses and normalises; adds <c>:latest</c> when neither tag nor digest is given.</summary>
    public static ImageReference Parse(string text)
    {
        if (!TryParse(text, out var reference, out var error)) throw new FormatException(error);
        return reference!;
    }

    public static bool TryParse(string text, out ImageReference? reference, out string error)
    {
        reference = null;
        var input = text.Trim();
        if (input.Length == 0) { error = "invalid reference format: the image name is empty"; return false; }
        if (input.Length > 255 + 128 + 80) { error = $"invalid reference format: '{input}' is too long"; return false; }

        string? digest = null;
        var at = input.IndexOf('@');
        if (at >= 0)
        {
            digest = input[(at + 1)..];
            input = input[..at];
            if (!DigestPattern().IsMatch(digest) || (digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length != 71))
            { error = $"invalid reference format: '{text}' has an invalid digest"; return false; }
        }
        string? tag = null;
        var lastSlash = input.LastIndexOf('/');
        var colon = input.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = input[(colon + 1)..];
            input = input[..colon];
            if (!TagPattern().IsMatch(tag)) { error = $"invalid reference format: '{text}' has an invalid tag '{tag}'"; return false; }
        }

        var registry = DockerHub;
        var path = input;
        var slash = input.IndexOf('/');
        if (slash > 0)
        {
            var first = input[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsUpper))
            {
                registry = first;
                path = input[(slash + 1)..];
                if (!Domain().IsMatch(registry)) { error = $"invalid reference format: '{registry}' is not a valid registry host"; return false; }
            }
        }
        if (registry == "index.docker.io") registry = DockerHub;
        if (path.Length == 0 || path.Any(char.IsUpper))
        {
            error = path.Any(char.IsUpper)
                ? $"invalid reference format: repository name '{path}' must be lowercase"
                : $"invalid reference format: '{text}' has no repository name";
            return false;
        }
        foreach (var component in path.Split('/'))
            if (!PathComponent().IsMatch(component)) { error = $"invalid reference format: '{text}' has an invalid path component '{component}'"; return false; }
        if (registry == DockerHub && !path.Contains('/')) path = "library/" + path;
        if (tag is null && digest is null) tag = "latest";
        reference = new ImageReference { Registry = registry, Repository = path, Tag = tag, Digest = digest };
        error = "";
        return true;
    }

    /// <summary>
    /// Docker's tag rule over a reference as written, without validating it (for text that may not parse): the part
    /// after the last ':' that follows the last '/' (a port in the host is not a tag), or empty.
    /// </summary>
    public static string TagOf(string text)
    {
        var lastSlash = text.LastIndexOf('/');
        var lastColon = text.LastIndexOf(':');
        return lastColon > lastSlash ? text[(lastColon + 1)..] : "";
    }

    /// <summary>
    /// The reference as written (trimmed) with <c>:latest</c> added when it has neither a tag nor a digest, by docker's
    /// rule and without validating it; acb's rule for names it lists is <see cref="AcbSpelling.NormaliseTag"/>.
    /// </summary>
    public static string WithDefaultTag(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains('@')) return trimmed;
        return trimmed.LastIndexOf(':') > trimmed.LastIndexOf('/') ? trimmed : trimmed + ":latest";
    }

    /// <summary>The same repository addressed by a digest.</summary>
    public ImageReference WithDigest(string digest) => this with { Tag = null, Digest = digest };

    public ImageReference WithRepository(string repository) => this with { Repository = repository };

    /// <summary>
    /// The repository as the Docker engine spells it: a Docker Hub image without <c>docker.io/</c> (and an official one
    /// without <c>library/</c>), any other as host/repository.
    /// </summary>
    public string EngineRepository => Registry == DockerHub
        ? (Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository)
        : Name;

    /// <summary>The key docker's config and credential helpers file the registry's credentials under (Docker Hub's classic index URL).</summary>
    public string CredentialKey => Registry == DockerHub ? "https://index.docker.io/v1/" : Registry;

    /// <summary>host/repository, the name without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
}
