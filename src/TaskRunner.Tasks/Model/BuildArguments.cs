namespace TaskRunner.Tasks.Model;

/// <summary>The parts of a build step's docker build arguments that validation and planning look at.</summary>
public sealed record BuildArguments(IReadOnlyList<string> Tags, string? Dockerfile, string? Platform, string? Context)
{
    /// <summary>Reads -t/--tag, -f/--file, --platform and the positional context (either --flag value or --flag=value).</summary>
    public static BuildArguments Parse(string command)
    {
        var words = CommandLine.Split(command);
        var tags = new List<string>();
        string? file = null, platform = null, context = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            string? Value(ref int index)
            {
                var eq = words[index].IndexOf('=');
                if (words[index].StartsWith("--", StringComparison.Ordinal) && eq > 0) return words[index][(eq + 1)..];
                if (!words[index].StartsWith("--", StringComparison.Ordinal) && words[index].Length > 2) return words[index][2..];
                return index + 1 < words.Count ? words[++index] : null;
            }
            if (word is "-t" or "--tag" || word.StartsWith("--tag=", StringComparison.Ordinal) || (word.StartsWith("-t", StringComparison.Ordinal) && !word.StartsWith("--", StringComparison.Ordinal)))
            {
                if (Value(ref i) is { } tag) tags.Add(tag);
            }
            else if (word is "-f" or "--file" || word.StartsWith("--file=", StringComparison.Ordinal) || (word.StartsWith("-f", StringComparison.Ordinal) && !word.StartsWith("--", StringComparison.Ordinal)))
            {
                file = Value(ref i);
            }
            else if (word is "--platform" || word.StartsWith("--platform=", StringComparison.Ordinal))
            {
                platform = Value(ref i);
            }
            else if (word.StartsWith('-'))
            {
                if (!word.Contains('=') && TakesValue(word) && i + 1 < words.Count) i++;
            }
            else
            {
                context = word;
            }
        }
        return new BuildArguments(tags, file, platform, context);
    }

    private static readonly HashSet<string> ValueFlags = new(StringComparer.Ordinal)
    {
        "--build-arg", "--target", "--label", "--network", "--isolation", "--cache-from", "--cpu-shares", "-c",
        "--cpuset-cpus", "--cpuset-mems", "--memory", "-m", "--memory-swap", "--shm-size", "--ulimit", "--add-host",
        "--cgroup-parent", "--secret", "--ssh", "--output", "-o", "--progress", "--iidfile", "--security-opt",
        "--cache-to", "--build-context", "--cpu-period", "--cpu-quota",
    };

    private static bool TakesValue(string flag) => ValueFlags.Contains(flag);
}
