using System.Diagnostics;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>
/// An sshd of the test's own on 127.0.0.1:PORT (a config, host key and authorized key made here; keys only), whose
/// sessions get the second engine's variables (SetEnv), so `docker system dial-stdio` on "the far side" reaches the
/// second engine. The client side is an `ssh` first on PATH that adds `-F` with the test's config (key, known hosts,
/// batch mode): as a user's ~/.ssh/config would. <see cref="DisposeAsync"/> stops sshd and removes the folder.
/// </summary>
internal sealed class Sshd : IAsyncDisposable
{
    private readonly string _root;
    private Process? _daemon;

    private Sshd(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The folder with the `ssh` wrapper: put it first on PATH.</summary>
    public string BinDirectory => Path.Combine(_root, "bin");

    /// <summary>The engine's address through this sshd, as root.</summary>
    public string Address => $"ssh://root@127.0.0.1:{Port}";

    /// <summary>A PATH with the `ssh` wrapper first.</summary>
    public string SearchPath => BinDirectory + ":" + Environment.GetEnvironmentVariable("PATH");

    public static async Task<Sshd> StartAsync(string root, IReadOnlyDictionary<string, string> farSideEnvironment)
    {
        Directory.CreateDirectory(root);
        var sshd = new Sshd(root, Shell.FreeLoopbackPort());
        try
        {
            await sshd.StartDaemonAsync(farSideEnvironment);
            return sshd;
        }
        catch
        {
            await sshd.DisposeAsync();
            throw;
        }
    }

    private async Task StartDaemonAsync(IReadOnlyDictionary<string, string> farSideEnvironment)
    {
        string F(string name) => Path.Combine(_root, name);
        await Shell.CheckedAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "taskrunner-test-host", "-f", F("host_key"));
        await Shell.CheckedAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "taskrunner-test-client", "-f", F("client_key"));
        File.Copy(F("client_key.pub"), F("authorized_keys"));
        var hostKey = string.Join(' ', File.ReadAllText(F("host_key.pub")).Split(' ').Take(2));
        File.WriteAllText(F("known_hosts"), $"[127.0.0.1]:{Port} {hostKey}\n");
        var setEnv = string.Join(' ', farSideEnvironment.Select(e => $"{e.Key}={e.Value}"));
        File.WriteAllText(F("sshd_config"), $"""
            ListenAddress 127.0.0.1
            Port {Port}
            HostKey {F("host_key")}
            AuthorizedKeysFile {F("authorized_keys")}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PidFile {F("sshd.pid")}
            SetEnv {setEnv}

            """);
        File.WriteAllText(F("ssh_config"), $"""
            Host 127.0.0.1
              IdentityFile {F("client_key")}
              IdentitiesOnly yes
              UserKnownHostsFile {F("known_hosts")}
              StrictHostKeyChecking yes
              BatchMode yes

            """);
        Directory.CreateDirectory(BinDirectory);
        var wrapper = Path.Combine(BinDirectory, "ssh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec /usr/bin/ssh -F '{F("ssh_config")}' \"$@\"\n");
        await Shell.CheckedAsync("chmod", "700", wrapper);
        // sshd's privilege separation folder (Debian's package makes it at boot).
        Directory.CreateDirectory("/run/sshd");

        var sshd = File.Exists("/usr/sbin/sshd") ? "/usr/sbin/sshd" : "sshd";
        var start = new ProcessStartInfo(sshd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var word in new[] { "-D", "-f", F("sshd_config"), "-E", F("sshd.log") }) start.ArgumentList.Add(word);
        _daemon = Process.Start(start)!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (code, output) = await Shell.RunAsync(Path.Combine(BinDirectory, "ssh"), null, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "root@127.0.0.1", "true");
            if (code == 0) return;
            if (_daemon.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the test's sshd did not accept the test key on 127.0.0.1:{Port}: {output}\n{(File.Exists(F("sshd.log")) ? File.ReadAllText(F("sshd.log")) : "")}");
            await Task.Delay(300);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { HasExited: false }) await Host.StopAsync(_daemon, TimeSpan.FromSeconds(10));
        _daemon?.Dispose();
        await Shell.RunAsync("rm", null, "-rf", _root);
    }
}
