using System.Diagnostics;

namespace TaskRunner.Execution.Tests.Integration.RemoteEngine;

/// <summary>Stopping a daemon the fixture started (running programs and free ports: <see cref="Shell"/>).</summary>
internal static class Host
{
    /// <summary>Sends SIGTERM to a process, waits for it to end, then kills it (and its children) if it has not.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited) return;
        await Shell.RunAsync("kill", null, "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var wait = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
