using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>Commands on this machine for the fixture: run and check, find a free loopback port.</summary>
internal static class Host
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task<string> CheckedAsync(string program, params string[] arguments)
    {
        var (code, output) = await RunAsync(program, null, arguments);
        if (code != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {code}: {output}");
        return output;
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Sends SIGTERM to a process, waits for it to end, then kills it (and its children) if it has not.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited) return;
        await RunAsync("kill", null, "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var wait = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
