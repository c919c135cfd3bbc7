using TaskRunner.Registry.Names;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Validation;

/// <summary>
/// Warnings for mistakes acb runs into without a word: pushing an image no earlier step built or pulled (the seed's
/// <c>myyimage</c> typo), and a tag whose architecture contradicts its Dockerfile or platform (the seed's swapped
/// Dockerfiles).
/// </summary>
public static class TaskLints
{
    /// <param name="originalLines">The original file's lines, to point at a word inside a step's value.</param>
    public static void Run(TaskDefinition task, DiagnosticBag diagnostics, IReadOnlyList<string>? originalLines = null)
    {
        PushOfUnbuiltImage(task, diagnostics);
        foreach (var step in task.Steps.Where(s => s.Kind == StepKind.Build && s.Command is not null))
            ArchitectureMismatch(step, UsesBuildKit(task, step), diagnostics, originalLines ?? []);
        PlatformCacheLint.Run(task, diagnostics);
    }

    private static void PushOfUnbuiltImage(TaskDefinition task, DiagnosticBag diagnostics)
    {
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in task.Steps)
        {
            if (step.Kind == StepKind.Push)
            {
                foreach (var image in step.Push)
                {
                    var name = Normalise(image.Value);
                    if (produced.Contains(name)) continue;
                    var near = produced.Select(p => (p, d: Math.Abs(p.Length - name.Length) > 3 ? int.MaxValue : EditDistance.Compute(p, name))).Where(x => x.d <= 3).OrderBy(x => x.d).Select(x => x.p).FirstOrDefault();
                    diagnostics.Warning(image.Span, DiagnosticCodes.PushNotBuilt,
                        $"push of '{image.Value.Trim()}', which no earlier step builds or pulls"
                        + (near is null ? "; the push fails unless the image already exists on the engine" : $"; did you mean '{near}'?"));
                }
                continue;
            }
            foreach (var image in ProducedBy(step)) produced.Add(Normalise(image));
        }
    }

    private static IEnumerable<string> ProducedBy(StepDefinition step)
    {
        if (step.Command is null) yield break;
        IReadOnlyList<string> words;
        try { words = ShellWords.Split(step.Command); }
        catch (FormatException) { yield break; }
        if (step.Kind == StepKind.Build)
        {
            foreach (var tag in Tags(step.Command)) yield return tag;
            yield break;
        }
        if (words.Count == 0) yield break;
        if (step.Pull) yield return words[0];
        var docker = words[0] == "docker" || words[0].Contains("docker", StringComparison.OrdinalIgnoreCase);
        if (!docker || words.Count < 2) yield break;
        switch (words[1])
        {
            case "build":
                foreach (var tag in Tags(string.Join(' ', words.Skip(1).Select(Quote)))) yield return tag;
                break;
            case "tag" when words.Count >= 4:
                yield return words[3];
                break;
            case "pull" when words.Count >= 3:
                yield return words[^1];
                break;
            case "import" when words.Count >= 4:
                yield return words[^1];
                break;
            case "commit" when words.Count >= 4:
                yield return words[^1];
                break;
        }
    }

    /// <summary>DOCKER_BUILDKIT on in the step's env, or in the task's when the step does not set it.</summary>
    private static bool UsesBuildKit(TaskDefinition task, StepDefinition step) =>
        BuildKitEnvironment.IsOn(step.Env.Select(e => e.Value), task.Env.Select(e => e.Value));

    private static void ArchitectureMismatch(StepDefinition step, bool buildKit, DiagnosticBag diagnostics, IReadOnlyList<string> lines)
    {
        DockerBuildArguments arguments;
        try { arguments = DockerBuildArgumentParser.Parse(step.Command!, buildKit); }
        catch (FormatException e)
        {
            // ACR may accept it; TaskRunner would fail the step at run time, so say so before the run.
            diagnostics.Warning(step.CommandSpan, DiagnosticCodes.UnrunnableBuildArguments, $"taskrunner run cannot run this build step: {e.Message}");
            return;
        }
        var fileArch = arguments.File is { } file ? Architectures.Find(Path.GetFileName(file)) : null;
        var platformArch = arguments.Platform is { } platform ? Architectures.FromPlatform(platform) : null;
        foreach (var tag in arguments.Tags)
        {
            var tagArch = Architectures.Find(ImageReference.TagOf(tag));
            if (tagArch is null) continue;
            if (fileArch is not null && fileArch != tagArch)
            {
                diagnostics.Warning(Locate(step, arguments.File!, lines), DiagnosticCodes.ArchitectureMismatch,
                    $"tag '{tag}' says {tagArch}, but the image is built from '{arguments.File}' ({fileArch}); the Dockerfiles or the tags look swapped");
            }
            else if (platformArch is not null && platformArch != tagArch)
            {
                diagnostics.Warning(Locate(step, arguments.Platform!, lines), DiagnosticCodes.ArchitectureMismatch,
                    $"tag '{tag}' says {tagArch}, but the image is built for --platform {arguments.Platform}");
            }
        }
    }

    /// <summary>Where the word stands on the step value's line of the original file (once, after the value's start); else the value's start.</summary>
    private static SourceSpan Locate(StepDefinition step, string word, IReadOnlyList<string> lines)
    {
        var span = step.CommandSpan;
        if (!span.IsKnown || span.Line > lines.Count) return span;
        var line = lines[span.Line - 1];
        var from = Math.Min(line.Length, Math.Max(0, span.Column - 1));
        var index = line.IndexOf(word, from, StringComparison.Ordinal);
        if (index < 0 || line.IndexOf(word, index + 1, StringComparison.Ordinal) >= 0) return span;
        return span with { Column = index + 1 };
    }

    /// <summary>The -t values of build arguments; none when the arguments do not parse (the executor reports that).</summary>
    private static IReadOnlyList<string> Tags(string buildArguments)
    {
        try { return DockerBuildArgumentParser.Parse(buildArguments).Tags; }
        catch (FormatException) { return []; }
    }

    private static string Quote(string word) => word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=@+,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    private static string Normalise(string image)
    {
        var name = ImageReference.WithDefaultTag(image);
        if (name.StartsWith("docker.io/", StringComparison.Ordinal)) name = name["docker.io/".Length..];
        if (name.StartsWith("library/", StringComparison.Ordinal)) name = name["library/".Length..];
        return name;
    }
}
