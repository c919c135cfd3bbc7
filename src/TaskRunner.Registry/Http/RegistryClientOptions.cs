namespace TaskRunner.Registry;

/// <summary>How the registry client connects.</summary>
public sealed class RegistryClientOptions
{
    /// <summary>Hosts spoken to over plain HTTP (docker's --insecure); loopback hosts always are.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
    /// <summary>Treat every registry as insecure (the --insecure flag of docker manifest).</summary>
    public bool AllowInsecure { get; init; }
    /// <summary>The HTTP handler (tests put a fault-injecting one in front of the real registry).</summary>
    public HttpMessageHandler? Handler { get; init; }
    /// <summary>Retries of 429, 5xx and dropped connections, after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;
    /// <summary>First delay between retries; doubles each time (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>The longest Retry-After honoured.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
