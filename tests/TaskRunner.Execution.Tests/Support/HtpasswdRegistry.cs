using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TaskRunner.Execution.Tests.Support;

/// <summary>
/// A distribution registry (<c>docker-registry serve</c>) with htpasswd basic auth, started by a test on a free
/// loopback port with its storage in a temporary folder. <see cref="DisposeAsync"/> stops it, removes the folder and
/// removes from the engine every image named after it.
/// </summary>
internal sealed class HtpasswdRegistry : IAsyncDisposable
{
    public const string User = "pusher";
    public const string Password = "right-password";

    private readonly string _directory;
    private readonly Process _process;

    private HtpasswdRegistry(string directory, string address, Process process)
    {
        _directory = directory;
        Address = address;
        _process = process;
    }

    /// <summary>host:port of the registry, on 127.0.0.1 (which the engine reaches without TLS).</summary>
    public string Address { get; }

    public static async Task<HtpasswdRegistry> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("taskrunner-authreg-").FullName;
        var htpasswd = Process.Start(new ProcessStartInfo("htpasswd", ["-Bbn", User, Password]) { RedirectStandardOutput = true })!;
        var line = await htpasswd.StandardOutput.ReadToEndAsync();
        await htpasswd.WaitForExitAsync();
        File.WriteAllText(Path.Combine(directory, "htpasswd"), line);
        string address;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            address = $"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        File.WriteAllText(Path.Combine(directory, "config.yml"), $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {directory}/data
            http:
              addr: {address}
            auth:
              htpasswd:
                realm: taskrunner-tests
                path: {directory}/htpasswd
            """);
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", Path.Combine(directory, "config.yml")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new HtpasswdRegistry(directory, address, process);
        using var http = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            try { using var _ = await http.GetAsync($"http://{address}/v2/"); return registry; }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
        await registry.DisposeAsync();
        throw new InvalidOperationException("the htpasswd test registry did not start");
    }

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
        var config = Path.Combine(_directory, "seeding-docker-config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "config.json"), AuthsConfig(Password));
        await DockerCli.PushMarkedImageAsync(image, marker, "--config", config);
        return image;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        var (_, images) = await DockerCli.RunAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        foreach (var image in images.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i.StartsWith(Address + "/", StringComparison.Ordinal)))
            await DockerCli.RunAsync("rmi", "-f", image);
        Directory.Delete(_directory, true);
    }
}
