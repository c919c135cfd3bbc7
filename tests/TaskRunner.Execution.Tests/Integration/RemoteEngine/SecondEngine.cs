using System.Diagnostics;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>
/// A second dockerd on this machine for the remote-engine tests, apart from the shared one: its own data root, exec
/// root (and so its own containerd) and pid file; the Engine API on tcp://127.0.0.1:PORT with TLS and client
/// certificates (--tlsverify) and on a unix socket in the test's folder; no iptables rules; its own bridge (made here with `ip link add`, an address in 10.x
/// that only this host's bridge has) and its own address pool for the networks runs create, so it never touches the
/// shared engine's docker0 or networks. <see cref="DisposeAsync"/> removes everything: containers, networks, the
/// daemon, the bridge and the folders.
/// </summary>
internal sealed class SecondEngine : IAsyncDisposable
{
    private readonly string _root;
    private Process? _daemon;
    private string? _bridge;

    private SecondEngine(string root, int port, string clientCerts)
    {
        _root = root;
        Port = port;
        ClientCerts = clientCerts;
    }

    /// <summary>The engine's address: tcp://127.0.0.1:PORT.</summary>
    public string Host => $"tcp://127.0.0.1:{Port}";

    public int Port { get; }

    /// <summary>The engine's unix socket, in the test's folder (never /var/run/docker.sock).</summary>
    public string Socket => Path.Combine(_root, "docker.sock");

    /// <summary>A folder with ca.pem, cert.pem and key.pem that the engine accepts (for DOCKER_CERT_PATH).</summary>
    public string ClientCerts { get; }

    /// <summary>The address of networks this engine creates (its own pool): 10.232.N.</summary>
    public string PoolPrefix { get; private set; } = "";

    /// <summary>The variables that point the docker CLI (or TaskRunner) at this engine.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["DOCKER_HOST"] = Host, ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = ClientCerts,
    };

    public static async Task<SecondEngine> StartAsync(string root, TestCertificates certificates)
    {
        Directory.CreateDirectory(root);
        var server = Path.Combine(root, "server");
        Directory.CreateDirectory(server);
        var (serverCertificate, serverKey) = certificates.Server("localhost");
        File.WriteAllText(Path.Combine(server, "ca.pem"), certificates.AuthorityPem);
        File.WriteAllText(Path.Combine(server, "cert.pem"), serverCertificate);
        File.WriteAllText(Path.Combine(server, "key.pem"), serverKey);
        var engine = new SecondEngine(root, Shell.FreeLoopbackPort(), certificates.WriteClientFolder(Path.Combine(root, "client")));
        try
        {
            await engine.StartDaemonAsync(server);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    private async Task StartDaemonAsync(string server)
    {
        // Subnets no route of this machine uses yet: the bridge's own and the pool of the networks runs create.
        var routes = await Shell.CheckedAsync("ip", "-4", "route", "show");
        var n = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(1, 255))
            .First(i => !routes.Contains($"10.231.{i}.", StringComparison.Ordinal) && !routes.Contains($"10.232.{i}.", StringComparison.Ordinal));
        _bridge = "trre" + Guid.NewGuid().ToString("N")[..8];
        await Shell.CheckedAsync("ip", "link", "add", _bridge, "type", "bridge");
        await Shell.CheckedAsync("ip", "addr", "add", $"10.231.{n}.1/24", "dev", _bridge);
        await Shell.CheckedAsync("ip", "link", "set", _bridge, "up");
        PoolPrefix = $"10.232.{n}.";
        _pool = n;
        _server = server;
        await LaunchAsync();
        // The base image, from the shared engine (nothing is pulled).
        var (loaded, loadOutput) = await Shell.RunAsync("sh", null, "-c",
            $"docker save busybox:latest | DOCKER_HOST='{Host}' DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH='{ClientCerts}' docker load");
        if (loaded != 0) throw new InvalidOperationException("loading busybox into the second engine: " + loadOutput);
    }

    private int _pool;
    private string _server = "";

    /// <summary>Stops the daemon as a service manager would (SIGTERM, then SIGKILL after 60 s); its data stays.</summary>
    public async Task StopAsync()
    {
        if (_daemon is null) return;
        await RemoteEngine.Host.StopAsync(_daemon, TimeSpan.FromSeconds(60));
        _daemon.Dispose();
        _daemon = null;
    }

    /// <summary>Starts the daemon again after <see cref="StopAsync"/>, on the same data root, sockets and bridge.</summary>
    public Task StartAgainAsync() => _daemon is null ? LaunchAsync() : Task.CompletedTask;

    private async Task LaunchAsync()
    {
        var server = _server;
        var n = _pool;

        var log = Path.Combine(_root, "dockerd.log");
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true };
        string[] args =
        [
            "dockerd",
            "--data-root", Path.Combine(_root, "data"),
            "--exec-root", Path.Combine(_root, "exec"),
            "--pidfile", Path.Combine(_root, "dockerd.pid"),
            "-H", Host,
            "-H", "unix://" + Socket,
            "--tlsverify",
            "--tlscacert", Path.Combine(server, "ca.pem"),
            "--tlscert", Path.Combine(server, "cert.pem"),
            "--tlskey", Path.Combine(server, "key.pem"),
            "--iptables=false", "--ip-masq=false",
            "-b", _bridge,
            "--default-address-pool", $"base=10.232.{n}.0/24,size=26",
            // A dockerd started again with an address pool deletes the interface docker0, whatever its own bridge is
            // (the stale default network is cleared, then "the default bridge interface" removed), which breaks the
            // shared engine; live restore skips that removal. (Its containers also outlive a stop, as a crash leaves them.)
            "--live-restore",
        ];
        // exec: the daemon is the process started here (its id is the one to stop); its output goes to the log.
        foreach (var word in new[] { "-c", "exec \"$@\" >\"$0\" 2>&1", log }.Concat(args)) start.ArgumentList.Add(word);
        _daemon = Process.Start(start)!;

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var (code, output) = await DockerAsync("version", "--format", "{{.Server.Version}}");
            if (code == 0) break;
            if (_daemon.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the second dockerd did not answer on {Host}: {output}\n{Tail(log)}");
            await Task.Delay(500);
        }
    }

    /// <summary>The docker CLI against this engine.</summary>
    public Task<(int ExitCode, string Output)> DockerAsync(params string[] arguments) =>
        Shell.RunAsync("docker", Environment, arguments);

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadAllLines(file).TakeLast(15)) : "";

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            // What runs left (none, unless a test failed half-way): their bridges are host interfaces.
            var (_, containers) = await DockerAsync("ps", "-aq");
            foreach (var id in containers.Split('\n', StringSplitOptions.RemoveEmptyEntries)) await DockerAsync("rm", "-f", id.Trim());
            await DockerAsync("network", "prune", "-f");
            await RemoteEngine.Host.StopAsync(_daemon, TimeSpan.FromSeconds(30));
        }
        _daemon?.Dispose();
        if (_bridge is not null) await Shell.RunAsync("ip", null, "link", "del", _bridge);
        // Mounts under the data root are gone with the daemon; whatever is left goes now.
        foreach (var mount in File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(_root, StringComparison.Ordinal)).Reverse())
            await Shell.RunAsync("umount", null, "-l", mount);
        await Shell.RunAsync("rm", null, "-rf", _root);
    }

    public override string ToString() => Host;
}
