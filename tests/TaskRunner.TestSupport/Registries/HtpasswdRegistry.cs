using System.Text;
using System.Text.Json;

namespace TaskRunner.TestSupport;

/// <summary>
/// A <see cref="LocalRegistry"/> with htpasswd basic auth for one user, with what the run tests need of it: a docker
/// config for its user, its API, and images seeded into it. <see cref="DisposeAsync"/> stops it, removes its folder and
/// removes from the engine every image named after it.
/// </summary>
public sealed class HtpasswdRegistry : IAsyncDisposable
{
    public const string User = "pusher";
    public const string Password = "right-password";

    private readonly LocalRegistry _registry;

    private HtpasswdRegistry(LocalRegistry registry) => _registry = registry;

    /// <summary>host:port of the registry, on 127.0.0.1 (which the engine reaches without TLS).</summary>
    public string Address => _registry.Host;

    public static Task<HtpasswdRegistry> StartAsync() => Task.FromResult(new HtpasswdRegistry(LocalRegistry.StartWithBasicAuth(User, Password)));

    /// <summary>A docker config.json giving this registry's user and the password as <c>auths</c> (base64 <c>auth</c>).</summary>
    public string AuthsConfig(string password) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["auths"] = new Dictionary<string, object>
        {
            [Address] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}")) },
        },
    });

    /// <summary>The registry's HTTP API with the right credentials.</summary>
    public RegistryApi Api() => new(Address, User, Password);

    /// <summary>
    /// Pushes an image made from busybox with /marker.txt holding MARKER as REPOSITORY:TAG, with the docker CLI and
    /// a config of its own, then removes it from the engine: afterwards it exists only in this registry.
    /// </summary>
    public async Task<string> SeedAsync(string repositoryAndTag, string marker)
    {
        var image = $"{Address}/{repositoryAndTag}";
        var config = Path.Combine(_registry.Directory, "seeding-docker-config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "config.json"), AuthsConfig(Password));
        await DockerCli.PushMarkedImageAsync(image, marker, "--config", config);
        return image;
    }

    public async ValueTask DisposeAsync()
    {
        _registry.Dispose();
        var (_, images) = await DockerCli.RunAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        foreach (var image in images.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i.StartsWith(Address + "/", StringComparison.Ordinal)))
            await DockerCli.RunAsync("rmi", "-f", image);
    }
}
