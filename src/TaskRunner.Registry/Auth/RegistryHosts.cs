namespace TaskRunner.Registry.Auth;

/// <summary>How registry hosts are written in docker's config: Docker Hub is <c>https://index.docker.io/v1/</c>.</summary>
public static class RegistryHosts
{
    public const string DockerHubConfigKey = "https://index.docker.io/v1/";

    /// <summary>A host without scheme and trailing slash; every Docker Hub spelling becomes <c>docker.io</c>.</summary>
    public static string Normalise(string host)
    {
        var h = host.Trim();
        foreach (var scheme in new[] { "https://", "http://" })
            if (h.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) h = h[scheme.Length..];
        h = h.TrimEnd('/');
        if (h.EndsWith("/v1", StringComparison.Ordinal) || h.EndsWith("/v2", StringComparison.Ordinal)) h = h[..^3];
        return h is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : h;
    }
}
