using System.Text.RegularExpressions;

namespace TaskRunner.Registry.Names;

/// <summary>
/// How acb's dependency scanner spells an image reference in its report, which is not docker's rule (that is
/// <see cref="ImageReference"/>): formatting functions over the reference as written.
/// <list type="bullet">
/// <item>a name with neither ':' nor '@' gets <c>:latest</c>, so <c>127.0.0.1:5000/app</c> keeps no tag;</item>
/// <item>the first of several path components is the domain whenever it has the form of a host name (with an optional
/// port), dot or no dot; only a domain with a '.' is reported as the registry — any other domain, <c>localhost</c>
/// and <c>localhost:5000</c> included, is taken for a Docker Hub user, so <c>localhost:5000/x</c> is
/// <c>registry.hub.docker.com</c> / <c>localhost:5000/x</c>;</item>
/// <item>a name without a domain is a Docker Hub official image (<c>library/</c> prefixed).</item>
/// </list>
/// </summary>
public static partial class AcbSpelling
{
    public const string DockerHub = "registry.hub.docker.com";

    /// <summary>acb's "no base image" reference; its digest is never looked up.</summary>
    public const string ScratchLatest = "scratch:latest";

    /// <summary>Adds <c>:latest</c> when the reference has neither a ':' (anywhere, a port too) nor an '@'.</summary>
    public static string NormaliseTag(string reference) =>
        reference.Contains('@') || reference.Contains(':') ? reference : reference + ":latest";

    /// <summary>The registry, repository, tag and digest acb reports for a reference already passed through <see cref="NormaliseTag"/>.</summary>
    public static (string Registry, string Repository, string Tag, string Digest) Fields(string text)
    {
        var name = text;
        var digest = "";
        var at = name.IndexOf('@');
        if (at >= 0) { digest = name[(at + 1)..]; name = name[..at]; }
        var tag = "";
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/')) { tag = name[(colon + 1)..]; name = name[..colon]; }

        var slash = name.IndexOf('/');
        var domain = slash > 0 && Domain().IsMatch(name[..slash]) ? name[..slash] : "";
        var path = domain.Length > 0 ? name[(slash + 1)..] : name;
        return domain.Contains('.') ? (domain, path, tag, digest)
            : (DockerHub, domain.Length == 0 ? "library/" + path : domain + "/" + path, tag, digest);
    }

    /// <summary>
    /// The digest acb reports for a reference (passed through <see cref="NormaliseTag"/>): the engine's repo digest named
    /// <c>registry/repository@</c> (<c>repository@</c> for Docker Hub, without <c>library/</c>), or empty.
    /// </summary>
    public static string RepoDigest(string text, IEnumerable<string> repoDigests)
    {
        var (registry, repository, _, _) = Fields(text);
        var prefix = repository + "@";
        if (registry == DockerHub && prefix.StartsWith("library/", StringComparison.Ordinal)) prefix = prefix["library/".Length..];
        else if (registry.Length > 0 && registry != DockerHub) prefix = registry + "/" + prefix;
        return repoDigests.FirstOrDefault(d => d.StartsWith(prefix, StringComparison.Ordinal)) is { } match ? match[prefix.Length..] : "";
    }

    /// <summary>docker/distribution's domain: host-name components joined by dots, an optional numeric port.</summary>
    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$")]
    private static partial Regex Domain();
}
