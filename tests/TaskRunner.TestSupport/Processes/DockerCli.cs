using System.Diagnostics;

namespace TaskRunner.TestSupport;

/// <summary>The docker CLI, for checks independent of the code under test (what is left on the engine) and image clean-up.</summary>
public static class DockerCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => Shell.RunAsync("docker", null, arguments);

    /// <summary>As <see cref="RunAsync"/>, failing the caller when docker exits non-zero.</summary>
    public static async Task<string> CheckedAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync(arguments);
        if (code != 0) throw new InvalidOperationException("docker " + string.Join(' ', arguments) + ": " + output);
        return output;
    }

    /// <summary>
    /// Makes the image TAG out of busybox with a file /marker.txt holding MARKER (docker run, commit, rm): an image
    /// whose content tells where it came from, made without a builder. Returns the image's id.
    /// </summary>
    public static async Task<string> MakeMarkedImageAsync(string tag, string marker)
    {
        var container = "taskrunner-marker-" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await CheckedAsync("run", "--name", container, "--network", "none", "busybox", "sh", "-c", $"echo '{marker}' > /marker.txt");
            await CheckedAsync("commit", container, tag);
        }
        finally
        {
            await RunAsync("rm", "-f", container);
        }
        return (await CheckedAsync("image", "inspect", "--format", "{{.Id}}", tag)).Trim();
    }

    /// <summary>
    /// Makes a marked image (<see cref="MakeMarkedImageAsync"/>), pushes it with the docker CLI (global options such as
    /// <c>--config DIR</c> before the command) and removes it from the engine: afterwards only the registry has it.
    /// </summary>
    public static async Task PushMarkedImageAsync(string image, string marker, params string[] globalOptions)
    {
        await MakeMarkedImageAsync(image, marker);
        try
        {
            await CheckedAsync([.. globalOptions, "push", image]);
        }
        finally
        {
            await CheckedAsync("rmi", image);
        }
    }

    /// <summary>Containers, networks and volumes carrying the label with this value, as "kind name" lines.</summary>
    public static async Task<IReadOnlyList<string>> ObjectsLabelledAsync(string label, string value)
    {
        var found = new List<string>();
        var filter = $"label={label}={value}";
        foreach (var args in new[]
        {
            new[] { "ps", "-a", "--format", "{{.Names}}", "--filter", filter },
            new[] { "network", "ls", "--format", "{{.Name}}", "--filter", filter },
            new[] { "volume", "ls", "--format", "{{.Name}}", "--filter", filter },
        })
        {
            var (code, output) = await RunAsync(args);
            if (code != 0) throw new InvalidOperationException("docker " + string.Join(' ', args) + ": " + output);
            found.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => $"{args[0]} {n}"));
        }
        return found;
    }

    /// <summary>Names of containers, networks and volumes whose name contains the text.</summary>
    public static async Task<IReadOnlyList<string>> ObjectsNamedAsync(string text)
    {
        var found = new List<string>();
        foreach (var args in new[]
        {
            new[] { "ps", "-a", "--format", "{{.Names}}", "--filter", "name=" + text },
            new[] { "network", "ls", "--format", "{{.Name}}", "--filter", "name=" + text },
            new[] { "volume", "ls", "--format", "{{.Name}}", "--filter", "name=" + text },
        })
        {
            var (code, output) = await RunAsync(args);
            if (code != 0) throw new InvalidOperationException("docker " + string.Join(' ', args) + ": " + output);
            found.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => $"{args[0]} {n}"));
        }
        return found;
    }
}
