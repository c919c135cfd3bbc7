using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TaskRunner.TestSupport;

/// <summary>
/// A distribution registry process of the test's own on a free loopback port (plain, htpasswd or token auth),
/// with its storage in a temporary folder; disposed, it stops and deletes everything.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;

    public string Host { get; }
    public int Port { get; private init; }
    public string Directory => _dir.FullName;

    private LocalRegistry(Process process, DirectoryInfo dir, string host)
    {
        _process = process;
        _dir = dir;
        Host = host;
    }


    /// <param name="auth">The YAML of the config's auth section (indented two spaces), or null for none.</param>
    /// <param name="tls">Serve HTTPS with this certificate (and require client certificates signed by ClientAuthorityPem).</param>
    public static LocalRegistry Start(Func<DirectoryInfo, string?>? auth = null, RegistryTls? tls = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("tr-registry");
        var port = Shell.FreeLoopbackPort();
        var authYaml = auth?.Invoke(dir);
        var tlsYaml = "";
        if (tls is not null)
        {
            File.WriteAllText(Path.Combine(dir.FullName, "server.crt"), tls.CertificatePem);
            File.WriteAllText(Path.Combine(dir.FullName, "server.key"), tls.KeyPem);
            tlsYaml = $"  tls:\n    certificate: {dir.FullName}/server.crt\n    key: {dir.FullName}/server.key\n";
            if (tls.ClientAuthorityPem is { } clients)
            {
                File.WriteAllText(Path.Combine(dir.FullName, "clients.crt"), clients);
                tlsYaml += $"    clientcas:\n      - {dir.FullName}/clients.crt\n";
            }
        }
        File.WriteAllText(Path.Combine(dir.FullName, "config.yml"),
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {dir.FullName}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n"
            + tlsYaml + (authYaml is null ? "" : "auth:\n" + authYaml));
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(Path.Combine(dir.FullName, "config.yml"));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = $"127.0.0.1:{port}";
        // The registry listens once it is configured; a TCP connection is the probe that works with and without TLS.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return new LocalRegistry(process, dir, host) { Port = port };
            }
            catch (SocketException) { Thread.Sleep(100); }
        }
        process.Kill(true);
        throw new InvalidOperationException("the test registry did not start");
    }

    /// <summary>An htpasswd-protected registry with one user.</summary>
    public static LocalRegistry StartWithBasicAuth(string user, string password) => Start(dir =>
    {
        var line = Shell.Run("htpasswd", ["-Bbn", user, password]).Stdout.Trim();
        File.WriteAllText(Path.Combine(dir.FullName, "htpasswd"), line + "\n");
        return $"  htpasswd:\n    realm: test-realm\n    path: {dir.FullName}/htpasswd\n";
    });

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(true); _process.WaitForExit(5000); } } catch (InvalidOperationException) { }
        _process.Dispose();
        try { _dir.Delete(true); } catch (IOException) { }
    }
}

/// <summary>The certificate a <see cref="LocalRegistry"/> serves HTTPS with, and the authority its clients must be signed by.</summary>
public sealed record RegistryTls(string CertificatePem, string KeyPem, string? ClientAuthorityPem = null);
