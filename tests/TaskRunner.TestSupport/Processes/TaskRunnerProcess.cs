using System.Diagnostics;
using System.Text;

namespace TaskRunner.TestSupport;

/// <summary>The built taskrunner run as a separate process, as a user or CI runs it.</summary>
public sealed class TaskRunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private Task _readers = Task.CompletedTask;

    private TaskRunnerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>What a finished taskrunner process left: its exit code and everything it wrote, exactly.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs taskrunner to its end (at most 5 minutes) and returns what it wrote.</summary>
    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>Runs taskrunner to its end with these variables set in its environment (on top of this process's).</summary>
    public static Result Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var (exitCode, stdout, stderr) = RunAsync(workingDirectory, null, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()), args).GetAwaiter().GetResult();
        return new Result(exitCode, stdout, stderr);
    }

    public static TaskRunnerProcess Start(string workingDirectory, string? standardInput, params string[] args) =>
        Start(workingDirectory, standardInput, new Dictionary<string, string>(), args);

    /// <summary>
    /// Starts taskrunner as a shell starts a background job (<c>taskrunner ... &amp;</c>): with SIGINT ignored, which it
    /// inherits. (A test run started in the background hands every process it starts the same.)
    /// </summary>
    public static TaskRunnerProcess StartAsBackgroundJob(string workingDirectory, params string[] args) =>
        Start(workingDirectory, null, new Dictionary<string, string>(), args, interruptIgnored: true);

    /// <summary>Starts taskrunner with these variables set in its environment (on top of this process's).</summary>
    public static TaskRunnerProcess Start(string workingDirectory, string? standardInput, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(workingDirectory, standardInput, environment, args, interruptIgnored: false);

    private static TaskRunnerProcess Start(string workingDirectory, string? standardInput, IReadOnlyDictionary<string, string> environment, string[] args, bool interruptIgnored)
    {
        // `trap "" INT` then exec: the shell's way to hand a program SIGINT ignored; the process id stays the same.
        var start = new ProcessStartInfo(interruptIgnored ? "sh" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // The tests assert plain output: a CI job's GitHub Actions variable would switch on workflow commands.
        start.Environment.Remove("GITHUB_ACTIONS");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        if (interruptIgnored)
            foreach (var word in new[] { "-c", "trap '' INT; exec \"$@\"", "sh", "dotnet" }) start.ArgumentList.Add(word);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "taskrunner.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var result = new TaskRunnerProcess(process);
        // Read as written (no line re-assembly), so a last line without a newline stays as it was.
        result._readers = Task.WhenAll(Capture(process.StandardOutput, result._stdout), Capture(process.StandardError, result._stderr));
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        return result;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string? standardInput, params string[] args) =>
        RunAsync(workingDirectory, standardInput, new Dictionary<string, string>(), args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string? standardInput, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, standardInput, environment, args);
        var exit = await process.WaitAsync(TimeSpan.FromMinutes(5));
        return (exit, process.Stdout, process.Stderr);
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Sends SIGINT (what Ctrl+C sends), or another signal, to this process, by its id.</summary>
    public async Task InterruptAsync(string signal = "INT")
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(true);
            // What it printed says where it stopped.
            throw new TimeoutException($"taskrunner did not finish in {timeout}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}");
        }
        _process.WaitForExit();
        await _readers;
        return _process.ExitCode;
    }

    private static async Task Capture(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            lock (into) into.Append(buffer, 0, read);
    }

    public void Dispose() => _process.Dispose();
}
