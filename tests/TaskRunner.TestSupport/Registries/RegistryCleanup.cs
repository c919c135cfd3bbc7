namespace TaskRunner.TestSupport;

/// <summary>Deletes every manifest of a test repository (lists first, then images), so the registry is left as found.</summary>
public static class RegistryCleanup
{
    /// <param name="repository">REGISTRY/REPOSITORY, e.g. 127.0.0.1:5000/tests/x (a tag or digest after it is ignored).</param>
    public static async Task DeleteRepositoryAsync(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var registry = repository[..slash];
        var path = repository[(slash + 1)..];
        var at = path.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) path = path[..at];
        var colon = path.LastIndexOf(':');
        if (colon > path.LastIndexOf('/')) path = path[..colon];
        using var api = new RegistryApi(registry);
        await api.DeleteRepositoryAsync(path);
    }
}
