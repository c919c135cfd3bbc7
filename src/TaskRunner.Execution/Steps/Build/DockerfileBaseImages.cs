using System.Text.RegularExpressions;

namespace TaskRunner.Execution.Steps.Build;

/// <summary>
/// The images a Dockerfile builds from: every <c>FROM</c> (stage names left out), with <c>ARG</c> defaults and build
/// args substituted. The last stage's base is the runtime dependency, the others are build-time dependencies (what
/// acb reports). <c>scratch</c> is listed like any image, as acb lists it; <see cref="IsScratch"/> tells it apart
/// for what needs a real image.
/// </summary>
public static partial class DockerfileBaseImages
{
    public sealed record Result(string? Runtime, IReadOnlyList<string> BuildTime)
    {
        /// <summary>
        /// The external bases of stages without a <c>FROM --platform=</c> flag: those the build's <c>--platform</c>
        /// selects (a stage with the flag asks for its own platform on purpose, e.g. <c>$BUILDPLATFORM</c>).
        /// </summary>
        public IReadOnlyList<string> ForBuildPlatform { get; init; } = [];
        /// <summary>Whether the final stage, followed through stage names, is for the build's <c>--platform</c> (no flag on the way).</summary>
        public bool RuntimeForBuildPlatform { get; init; } = true;
    }

    /// <summary>Docker's empty base image, which is never pulled, inspected or logged in for.</summary>
    public static bool IsScratch(string image) => image.Equals("scratch", StringComparison.OrdinalIgnoreCase);

    public static Result Read(string dockerfileText, IReadOnlyDictionary<string, string> buildArgs, string? target = null)
    {
        var args = new Dictionary<string, string>(buildArgs);
        var stages = new List<(string? Name, string Image, bool Pinned)>();
        var stageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in LogicalLines(dockerfileText))
        {
            var from = FromLine().Match(line);
            if (from.Success)
            {
                var image = Substitute(from.Groups["image"].Value, args);
                var name = from.Groups["name"].Success ? from.Groups["name"].Value : null;
                stages.Add((name, image, from.Groups["flags"].Value.Contains("--platform", StringComparison.OrdinalIgnoreCase)));
                if (name is not null) stageNames.Add(name);
                if (target is not null && string.Equals(name, target, StringComparison.OrdinalIgnoreCase)) break;
                continue;
            }
            var arg = ArgLine().Match(line);
            if (arg.Success && stages.Count == 0 && arg.Groups["value"].Success && !args.ContainsKey(arg.Groups["name"].Value))
                args[arg.Groups["name"].Value] = Substitute(arg.Groups["value"].Value.Trim('"'), args);
        }
        bool IsExternal(string image) => !stageNames.Contains(image);
        if (stages.Count == 0) return new Result(null, []);
        // The final stage's base, followed back through stage names, is what the image runs on.
        var runtime = stages[^1].Image;
        var runtimePinned = stages[^1].Pinned;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (stageNames.Contains(runtime) && seen.Add(runtime))
        {
            var stage = stages.Last(s => string.Equals(s.Name, runtime, StringComparison.OrdinalIgnoreCase));
            runtime = stage.Image;
            runtimePinned |= stage.Pinned;
        }
        var buildTime = stages.Select(s => s.Image).Where(IsExternal).Distinct().Where(i => i != runtime).ToList();
        return new Result(IsExternal(runtime) ? runtime : null, buildTime)
        {
            ForBuildPlatform = stages.Where(s => !s.Pinned).Select(s => s.Image).Where(IsExternal).Distinct().ToList(),
            RuntimeForBuildPlatform = !runtimePinned,
        };
    }

    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = "";
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\')) { current += line[..^1] + " "; continue; }
            yield return (current + line).Trim();
            current = "";
        }
        if (current.Length > 0) yield return current.Trim();
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> args) =>
        Variable().Replace(text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return args.TryGetValue(name, out var v) ? v : m.Groups["default"].Success ? m.Groups["default"].Value : "";
        });

    [GeneratedRegex(@"^FROM\s+(?<flags>(?:--\S+\s+)*)(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?<value>\S*))?", RegexOptions.IgnoreCase)]
    private static partial Regex ArgLine();

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
