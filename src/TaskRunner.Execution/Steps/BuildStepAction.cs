using TaskRunner.Tasks.Model;
using System.Security.Cryptography;
using TaskRunner.Execution.Building;
using TaskRunner.Execution.Engine;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Running;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps;

/// <summary>
/// A build step: <c>docker build</c> arguments run against the engine's classic builder, the context streamed as a tar
/// that honours .dockerignore (a Dockerfile outside the context is added to it). With DOCKER_BUILDKIT=1 in the step's
/// environment the build goes through <c>docker buildx build</c> instead.
/// </summary>
public sealed class BuildStepAction(StepContext context, BuildKitBuilder buildKit, GitContextFetcher git) : IStepAction
{
    public string Describe(PlannedStep step) => "docker build " + (step.Definition.Command?.Trim() ?? "");

    public async Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken)
    {
        DockerBuildArguments arguments;
        try { arguments = DockerBuildArgumentParser.Parse(step.Definition.Command ?? ""); }
        catch (FormatException e) { throw new StepFailedException(e.Message, e); }

        if (EnvValue(step, "DOCKER_BUILDKIT") == "1")
        {
            await buildKit.BuildAsync(step, context.Options.SourceDirectory, attempt, cancellationToken).ConfigureAwait(false);
            await RecordAsync(step, arguments, null, ReadDockerfileOrEmpty(arguments, context.Options.SourceDirectory), cancellationToken).ConfigureAwait(false);
            return;
        }

        string? clone = null;
        try
        {
            var contextDirectory = arguments.Context;
            if (GitContextFetcher.IsGitUrl(arguments.Context))
            {
                clone = await git.FetchAsync(arguments.Context, l => attempt.Output(l, false), cancellationToken).ConfigureAwait(false);
                contextDirectory = clone;
            }
            await BuildAsync(step, arguments, contextDirectory, attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (clone is not null) GitContextFetcher.Delete(clone);
        }
    }

    private async Task BuildAsync(PlannedStep step, DockerBuildArguments arguments, string contextArgument, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var source = context.Options.SourceDirectory;
        var contextDirectory = Path.GetFullPath(Path.Combine(source, contextArgument));
        if (!Directory.Exists(contextDirectory)) throw new StepFailedException($"build: context directory '{arguments.Context}' does not exist");

        var dockerfilePath = arguments.File is null
            ? Path.Combine(contextDirectory, "Dockerfile")
            : Path.GetFullPath(Path.Combine(Path.IsPathRooted(arguments.File) ? "/" : source, arguments.File));
        if (arguments.File is not null && !File.Exists(dockerfilePath) && File.Exists(Path.Combine(contextDirectory, arguments.File)))
            dockerfilePath = Path.GetFullPath(Path.Combine(contextDirectory, arguments.File));
        if (!File.Exists(dockerfilePath)) throw new StepFailedException($"build: Dockerfile '{arguments.File ?? "Dockerfile"}' not found");

        string dockerfileEntry;
        var extra = new List<KeyValuePair<string, string>>();
        var relative = Path.GetRelativePath(contextDirectory, dockerfilePath);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
        {
            dockerfileEntry = relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        else
        {
            dockerfileEntry = ".dockerfile." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
            extra.Add(new(dockerfileEntry, dockerfilePath));
        }

        DockerIgnore ignore;
        try { ignore = DockerIgnore.Load(contextDirectory); }
        catch (FormatException e) { throw new StepFailedException("build: " + e.Message, e); }
        var archive = new ContextArchive(contextDirectory, ignore, [dockerfileEntry, ".dockerignore"], extra);

        var buildArgs = new Dictionary<string, string>();
        foreach (var (key, value) in arguments.BuildArgs)
        {
            var resolved = value ?? EnvValue(step, key) ?? Environment.GetEnvironmentVariable(key);
            if (resolved is not null) buildArgs[key] = resolved;
        }
        var auths = new List<RegistryAuth>();
        var dockerfileText = await File.ReadAllTextAsync(dockerfilePath, cancellationToken).ConfigureAwait(false);
        var bases = DockerfileBaseImages.Read(dockerfileText, buildArgs, arguments.Target);
        foreach (var registry in new[] { bases.Runtime }.Concat(bases.BuildTime).OfType<string>().Select(i => ImageReference.Parse(i).CredentialKey).Distinct())
            if (await context.Options.Credentials(registry, cancellationToken).ConfigureAwait(false) is { } auth) auths.Add(auth);

        var spec = new ImageBuildSpec
        {
            Dockerfile = dockerfileEntry,
            Tags = arguments.Tags,
            BuildArgs = buildArgs,
            Labels = arguments.Labels.ToDictionary(l => l.Key, l => l.Value),
            Target = arguments.Target,
            Platform = arguments.Platform,
            NoCache = arguments.NoCache || string.Equals(step.Definition.Cache?.Value, "disabled", StringComparison.OrdinalIgnoreCase),
            Pull = arguments.Pull,
            Network = arguments.Network,
            Isolation = arguments.Isolation,
            Auths = auths,
        };
        string imageId;
        try
        {
            imageId = await BuildThroughPipeAsync(spec, archive, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException("build: " + e.Message, e);
        }
        await RecordAsync(step, arguments, imageId, dockerfileText, cancellationToken, bases).ConfigureAwait(false);
    }

    private async Task<string> BuildThroughPipeAsync(ImageBuildSpec spec, ContextArchive archive, StepAttempt attempt, CancellationToken cancellationToken)
    {
        string? imageId = null;
        await DockerEngine.StreamThroughPipeAsync(
            archive.WriteAsync,
            async stream => imageId = await context.Engine.BuildImageAsync(spec, stream, l => attempt.Output(l, false), cancellationToken).ConfigureAwait(false),
            cancellationToken, "send the build context").ConfigureAwait(false);
        return imageId!;
    }

    private async Task RecordAsync(PlannedStep step, DockerBuildArguments arguments, string? imageId, string dockerfileText, CancellationToken cancellationToken, DockerfileBaseImages.Result? bases = null)
    {
        bases ??= DockerfileBaseImages.Read(dockerfileText, new Dictionary<string, string>(), arguments.Target);
        if (imageId is null && arguments.Tags.Count > 0)
            imageId = (await context.Engine.InspectImageAsync(arguments.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        var built = new BuiltImage(step.Id, imageId ?? "", arguments.Tags, bases.Runtime, bases.BuildTime);
        context.Ledger.AddBuilt(built);
        context.Observer.OnEvent(new ImageBuilt(step.Id, built.ImageId, built.Tags));
    }

    private static string ReadDockerfileOrEmpty(DockerBuildArguments arguments, string source)
    {
        var path = Path.Combine(source, arguments.File ?? Path.Combine(arguments.Context, "Dockerfile"));
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static string? EnvValue(PlannedStep step, string key)
    {
        var prefix = key + "=";
        return step.Env.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal)) is { } entry ? entry[prefix.Length..] : null;
    }
}
