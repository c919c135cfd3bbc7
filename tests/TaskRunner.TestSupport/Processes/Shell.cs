using System.Diagnostics;

namespace TaskRunner.TestSupport;

/// <summary>Runs a program to completion and returns its output; fails the test when it fails.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string program, IEnumerable<string> args, IDictionary<string, string>? env = null, bool check = true, string? stdin = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); Assert.Fail($"{program} did not finish"); }
        var result = new Result(process.ExitCode, stdout.Result, stderr.Result);
        if (check && result.ExitCode != 0) Assert.Fail($"{program} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        return result;
    }

    public static Result Docker(params string[] args) => Run("docker", args);
}
