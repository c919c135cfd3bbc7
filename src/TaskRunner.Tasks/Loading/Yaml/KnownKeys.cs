namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>The keys acb reads, per mapping kind, and the closest one to a misspelt key.</summary>
public static class KnownKeys
{
    public static readonly IReadOnlyList<string> Task =
        ["version", "stepTimeout", "workingDirectory", "env", "secrets", "networks", "volumes", "steps", "alias"];

    public static readonly IReadOnlyList<string> Step =
    [
        "id", "cmd", "build", "push", "when", "env", "workingDirectory", "disableWorkingDirectoryOverride", "entryPoint",
        "user", "network", "isolation", "cpus", "privileged", "keep", "detach", "ports", "expose", "timeout", "startDelay",
        "retries", "retryDelay", "retryOnErrors", "repeat", "ignoreErrors", "pull", "cache", "volumeMounts", "exitedWith",
        "exitedWithout",
    ];

    public static readonly IReadOnlyList<string> Network = ["name", "driver", "ipv6", "skipCreation", "isDefault"];
    public static readonly IReadOnlyList<string> Volume = ["name", "secret"];
    public static readonly IReadOnlyList<string> Secret = ["id", "keyvault", "clientID", "aadresourceid"];
    public static readonly IReadOnlyList<string> Mount = ["name", "mountPath"];

    /// <summary>The known key the given one most likely meant, or null.</summary>
    public static string? Suggest(string key, IReadOnlyList<string> known)
    {
        var caseOnly = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (caseOnly is not null) return caseOnly;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Diagnostics.EditDistance.Compute(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }
        var allowed = key.Length <= 4 ? 1 : 3;
        return bestDistance <= allowed ? best : null;
    }
}
