using TaskRunner.Execution.Archives;
using TaskRunner.Execution.Run;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps.Build;

/// <summary>
/// The base images (FROMs) of a build step's Dockerfile as the source directory holds it, for checks made before a
/// run (<see cref="EngineAssignment"/>): the Dockerfile found as the step finds it (its -f, else the context's
/// Dockerfile, relative to the step's working directory under /workspace). Empty when the file cannot be read there
/// (a git context, a Dockerfile a cmd step writes, a path outside /workspace).
/// </summary>
public static class SourceDockerfileBases
{
    public static Func<PlannedStep, IReadOnlyList<string>> From(string sourceDirectory) => step => Read(step, sourceDirectory);

    public static IReadOnlyList<string> Read(PlannedStep step, string sourceDirectory)
    {
        try
        {
            var arguments = DockerBuildArgumentParser.Parse(step.Definition.Command ?? "", BuildKitEnvironment.IsOn(step.Env));
            if (GitUrls.IsGitUrl(arguments.Context)) return [];
            var workingDirectory = WorkspacePaths.Resolve(step.WorkingDirectory ?? RunWorkspace.WorkspacePath);
            if (workingDirectory is null) return [];
            string? Inside(string path) => WorkspacePaths.Resolve(path.StartsWith('/') ? path : WorkspacePaths.Join(workingDirectory, path));
            var context = Inside(arguments.Context);
            if (context is null) return [];
            var candidates = arguments.File is null
                ? [WorkspacePaths.Join(context, "Dockerfile")]
                : new[] { Inside(arguments.File), WorkspacePaths.Resolve(WorkspacePaths.Join(context, arguments.File)) };
            foreach (var candidate in candidates.OfType<string>())
            {
                var path = Path.Combine(sourceDirectory, candidate);
                if (!File.Exists(path)) continue;
                var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in arguments.BuildArgs) if (value is not null) buildArgs[key] = value;
                var bases = DockerfileBaseImages.Read(File.ReadAllText(path), buildArgs, arguments.Target);
                return new[] { bases.Runtime }.Concat(bases.BuildTime).OfType<string>().Where(i => !DockerfileBaseImages.IsScratch(i)).Distinct().ToList();
            }
            return [];
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
