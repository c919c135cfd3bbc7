using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace TaskRunner.Cli.Tests.Native;

/// <summary>
/// The native (NativeAOT) taskrunner: <c>$TASKRUNNER_NATIVE</c>, which <c>./build.sh --target=Test</c> publishes and sets
/// (then it must be there and current), or else <c>artifacts/native/&lt;rid&gt;/taskrunner</c> from
/// <c>./build.sh --target=PublishNative</c>. Where there is none, or it was built from another commit than the JIT build
/// under test, the tests that use it are ignored, with the reason.
/// </summary>
internal static class NativeBinary
{
    private static readonly Lazy<(string? Path, string? Skip)> Found = new(Find);

    /// <summary>The binary's path; ignores the calling test when there is no usable one.</summary>
    public static string Require()
    {
        var (path, skip) = Found.Value;
        if (path is null) Assert.Ignore(skip ?? "no native build");
        return path!;
    }

    private static (string? Path, string? Skip) Find()
    {
        var required = Environment.GetEnvironmentVariable("TASKRUNNER_NATIVE") is { Length: > 0 } set ? set : null;
        var path = required ?? Repository.Path("artifacts", "native", RuntimeInformation.RuntimeIdentifier, "taskrunner");
        if (!File.Exists(path))
        {
            if (required is not null) Assert.Fail($"TASKRUNNER_NATIVE names {required}, which does not exist");
            return (null, $"no native build at {path}: ./build.sh --target=PublishNative makes it (./build.sh --target=Test does)");
        }
        // The version carries the commit: a native build from another commit would compare old code with new.
        var jit = TaskRunnerProcess.Run(Repository.Root, "--version").Stdout.Trim();
        var nativeVersion = Run(path, Repository.Root, "--version").Stdout.Trim();
        if (nativeVersion != jit)
        {
            if (required is not null) Assert.Fail($"the native build {path} is version {nativeVersion}, the JIT build {jit}");
            return (null, $"the native build at {path} is version {nativeVersion}, not the JIT build's {jit}: publish it again (./build.sh --target=PublishNative)");
        }
        return (path, null);
    }

    /// <summary>Runs the native binary to its end (at most 5 minutes), as <see cref="TaskRunnerProcess"/> runs the JIT build.</summary>
    public static TaskRunnerProcess.Result Run(string workingDirectory, params string[] args) => Run(Require(), workingDirectory, args);

    private static TaskRunnerProcess.Result Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // As TaskRunnerProcess: plain output, whatever CI this runs in.
        start.Environment.Remove("GITHUB_ACTIONS");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        process.WaitForExit();
        return new TaskRunnerProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>What a run printed, for an assertion's message.</summary>
    public static string Describe(TaskRunnerProcess.Result r) =>
        new StringBuilder().Append("exit ").Append(r.ExitCode).Append("\n--- stdout\n").Append(r.Stdout).Append("\n--- stderr\n").Append(r.Stderr).ToString();
}
