using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaskRunner.Execution.Tests.Support;

/// <summary>
/// A real distribution registry (<c>docker-registry serve</c>, no auth, storage in a temporary folder) that a test
/// kills in the middle of a conversation. Clients reach it at <see cref="Address"/>, a loopback port that forwards
/// to the registry's own; when the bytes a client sends contain the trigger (<see cref="KillWhen"/>, e.g. the
/// request line of a blob upload or of a manifest PUT), the registry process is killed before that request reaches
/// it, the connections are cut, and <see cref="Address"/> refuses connections from then on, as a registry that went
/// away does. <see cref="DisposeAsync"/> stops everything, removes the folder and the engine's images named after it.
/// </summary>
internal sealed class DoomedRegistry : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;
    private readonly TcpListener _front;
    private readonly int _backendPort;
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private volatile string? _trigger;

    private DoomedRegistry(string directory, Process process, TcpListener front, int backendPort)
    {
        _directory = directory;
        _process = process;
        _front = front;
        _backendPort = backendPort;
        Address = $"127.0.0.1:{((IPEndPoint)front.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>host:port clients use, on 127.0.0.1 (which the engine reaches without TLS).</summary>
    public string Address { get; }

    /// <summary>Completes when the registry has been killed.</summary>
    public Task Killed => _killed.Task;

    /// <summary>A registry that refuses connections from the start: a loopback port nobody listens on.</summary>
    public static string RefusingAddress()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return $"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
    }

    public static async Task<DoomedRegistry> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("taskrunner-doomedreg-").FullName;
        var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendPort = ((IPEndPoint)backend.LocalEndpoint).Port;
        backend.Stop();
        File.WriteAllText(Path.Combine(directory, "config.yml"), $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {directory}/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{backendPort}
            """);
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", Path.Combine(directory, "config.yml")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var front = new TcpListener(IPAddress.Loopback, 0);
        front.Start();
        var registry = new DoomedRegistry(directory, process, front, backendPort);
        using var http = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            try { using var _ = await http.GetAsync($"http://{registry.Address}/v2/"); return registry; }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
        await registry.DisposeAsync();
        throw new InvalidOperationException("the test registry did not start");
    }

    /// <summary>Kills the registry as soon as a client sends <paramref name="trigger"/> (ASCII, e.g. <c>PUT /v2/app/manifests/</c>).</summary>
    public void KillWhen(string trigger) => _trigger = trigger;

    /// <summary>Pushes a marked image (<see cref="DockerCli.PushMarkedImageAsync"/>) as ADDRESS/REPOSITORY:TAG; returns its name.</summary>
    public async Task<string> SeedAsync(string repositoryAndTag, string marker)
    {
        var image = $"{Address}/{repositoryAndTag}";
        await DockerCli.PushMarkedImageAsync(image, marker);
        return image;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _front.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            lock (_connections) _connections.Add(client);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _backendPort, _stop.Token);
            lock (_connections) _connections.Add(server);
            var up = PumpAsync(client.GetStream(), server.GetStream(), watch: true);
            var down = PumpAsync(server.GetStream(), client.GetStream(), watch: false);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task PumpAsync(Stream from, Stream to, bool watch)
    {
        var buffer = new byte[64 * 1024];
        var tail = "";
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0) return;
            if (watch && _trigger is { } trigger)
            {
                var seen = tail + Encoding.Latin1.GetString(buffer, 0, read);
                if (seen.Contains(trigger, StringComparison.Ordinal))
                {
                    await KillAsync();
                    return;
                }
                tail = seen.Length > trigger.Length ? seen[^trigger.Length..] : seen;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    /// <summary>Kills the registry process, cuts every connection and stops listening: from now on connections are refused.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _stop.Cancel();
        _front.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                // A reset, not a polite close: the peer learns at once that the connection is gone.
                try { if (connection.Client is { } socket) socket.LingerState = new LingerOption(true, 0); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
                connection.Dispose();
            }
            _connections.Clear();
        }
        _killed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
            try { await _accepting; } catch (OperationCanceledException) { }
        }
        finally
        {
            _process.Dispose();
            _stop.Dispose();
            Directory.Delete(_directory, true);
        }
        var (_, images) = await DockerCli.RunAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        foreach (var image in images.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i.StartsWith(Address + "/", StringComparison.Ordinal)))
            await DockerCli.RunAsync("rmi", "-f", image);
    }
}
