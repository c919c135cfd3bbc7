using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Validation;

/// <summary>
/// The same Dockerfile and context built with the classic builder for two platforms (Azure/acr#610): the engine keeps
/// one image per tag, so a <c>FROM</c> of a multi-platform base resolves to the platform already on the engine, and the
/// second build can reuse the first one's base and cached layers, tagging an image of the wrong architecture. ACR
/// accepts such a task and runs into it; <c>taskrunner run</c> guards against it, so this is a warning.
/// </summary>
public static class PlatformCacheLint
{
    public static void Run(TaskDefinition task, DiagnosticBag diagnostics)
    {
        var earlier = new List<(string Key, string Platform, StepDefinition Step)>();
        foreach (var step in task.Steps.Where(s => s.Kind == StepKind.Build && s.Command is not null))
        {
            // acb builds a `cache: enabled` step with buildx, which, like BuildKit, resolves each platform's base itself.
            if (UsesBuildKit(task, step) || string.Equals(step.Cache?.Value, "enabled", StringComparison.OrdinalIgnoreCase)) continue;
            DockerBuildArguments arguments;
            try { arguments = DockerBuildArgumentParser.Parse(step.Command!); }
            catch (FormatException) { continue; }
            if (arguments.Platform is not { } platform || string.IsNullOrWhiteSpace(platform)) continue;
            platform = platform.Trim().ToLowerInvariant();
            var key = Key(step, arguments);
            // --pull makes the engine fetch the base for this step's platform, whatever copy it holds.
            if (!arguments.Pull && earlier.FirstOrDefault(e => e.Key == key && Architectures.CanonicalPlatform(e.Platform) != Architectures.CanonicalPlatform(platform))
                    is { Step: { } other } previous)
            {
                var where = other.CommandSpan.IsKnown ? $"line {other.CommandSpan.Line}" : $"step {other.Index + 1}";
                diagnostics.Warning(step.CommandSpan, DiagnosticCodes.PlatformBuildCache,
                    $"this build for --platform {platform} uses the same Dockerfile and context as the build at {where} for --platform {previous.Platform}: "
                    + "with the classic builder, a FROM of a multi-platform base resolves to the platform already on the engine, so this build can reuse "
                    + "the other platform's base and cached layers and tag an image of the wrong architecture (Azure/acr#610). "
                    + "taskrunner run pulls the base for the step's platform and checks the built image; ACR does neither: add --pull to this step, "
                    + "or build with BuildKit (DOCKER_BUILDKIT=1)");
            }
            earlier.Add((key, platform, step));
        }
    }

    /// <summary>The build's working directory, context and Dockerfile, as the step writes them.</summary>
    private static string Key(StepDefinition step, DockerBuildArguments arguments)
    {
        static string Clean(string path) => path.Trim().TrimEnd('/') is { Length: > 0 } p ? (p.StartsWith("./", StringComparison.Ordinal) ? Clean(p[2..]) : p) : ".";
        var directory = step.WorkingDirectory is { } w ? Clean(w) : "";
        var context = GitLike(arguments.Context) ? arguments.Context.Trim() : Clean(arguments.Context);
        return $"{directory}\n{context}\n{(arguments.File is { } file ? Clean(file) : "Dockerfile")}";
    }

    private static bool GitLike(string context) => context.Contains("://", StringComparison.Ordinal) || context.StartsWith("git@", StringComparison.Ordinal);

    /// <summary>DOCKER_BUILDKIT on in the step's env, or in the task's when the step does not set it: BuildKit resolves each platform's base itself.</summary>
    private static bool UsesBuildKit(TaskDefinition task, StepDefinition step) =>
        BuildKitEnvironment.IsOn(step.Env.Select(e => e.Value), task.Env.Select(e => e.Value));
}
