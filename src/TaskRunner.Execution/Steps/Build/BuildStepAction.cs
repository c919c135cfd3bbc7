using System.Security.Cryptography;
using TaskRunner.Execution.Archives;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Execution.Steps.Cmd;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;
using TaskRunner.Registry.Names;

namespace TaskRunner.Execution.Steps.Build;

/// <summary>
/// A build step: <c>docker build</c> arguments run against the engine's classic builder, the context streamed as a tar
/// that honours .dockerignore (a Dockerfile outside the context is added to it). With DOCKER_BUILDKIT=1 in the step's
/// environment the build goes through <c>docker buildx build</c> instead.
/// </summary>
public sealed class BuildStepAction(StepContext context) : IStepAction
{
    public string Describe(PlannedStep step) => "docker build " + (step.Definition.Command?.Trim() ?? "");

    public async Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var buildKitValue = BuildKitEnvironment.ValueIn(step.Env);
        if (BuildKitEnvironment.Asks(buildKitValue) is not { } buildKitAsked) throw new StepFailedException(BuildKitEnvironment.Refused(buildKitValue!));
        DockerBuildArguments arguments;
        try { arguments = DockerBuildArgumentParser.Parse(step.Definition.Command ?? "", buildKitAsked); }
        catch (FormatException e) { throw new StepFailedException(e.Message, e); }
        var workingDirectory = WorkingDirectoryOf(step);
        arguments = OnWorkingDirectory(arguments, workingDirectory, step);

        if (buildKitAsked)
        {
            // buildx reads a directory: after a cmd step, that is a copy of the workspace volume as it is now.
            string? copy = null;
            try
            {
                var source = context.Options.SourceDirectory;
                if (context.WorkspaceMayHaveChanged && !context.Options.BindSource && !context.DryRun && !GitUrls.IsGitUrl(arguments.Context))
                    source = copy = await CopyWorkspaceAsync(cancellationToken).ConfigureAwait(false);
                var directory = Path.Combine(source, workingDirectory ?? "");
                if (!Directory.Exists(directory)) throw new StepFailedException($"build: working directory '{step.WorkingDirectory}' does not exist in /workspace");
                await BuildWithBuildKitAsync(step, directory, attempt, cancellationToken).ConfigureAwait(false);
                await RecordAsync(step, arguments, null, ReadDockerfileOrEmpty(arguments, source), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (copy is not null) Directory.Delete(copy, recursive: true);
            }
            return;
        }

        GitContext? clone = null;
        try
        {
            var contextDirectory = arguments.Context;
            var commit = "";
            if (GitUrls.IsGitUrl(arguments.Context))
            {
                clone = await context.Ports.Git.FetchAsync(arguments.Context, l => attempt.Output(l, false), cancellationToken).ConfigureAwait(false);
                if (clone.Directory is null)
                {
                    // Not fetched (a dry run): the build is described without its files.
                    await BuildUnseenAsync(step, arguments, attempt, cancellationToken).ConfigureAwait(false);
                    return;
                }
                (contextDirectory, commit) = (clone.Directory, clone.Commit);
            }
            await BuildAsync(step, arguments, contextDirectory, commit, attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (clone is not null) context.Ports.Git.Delete(clone);
        }
    }

    /// <summary>
    /// The step's working directory relative to the workspace root ("" for /workspace itself): acb runs
    /// <c>docker build</c> there, so the context and -f are relative to it. Null when it is outside /workspace.
    /// </summary>
    private static string? WorkingDirectoryOf(PlannedStep step) => WorkspacePaths.Resolve(step.WorkingDirectory ?? RunWorkspace.WorkspacePath);

    /// <summary>The context and -f as paths relative to the workspace root (a git URL context stays as it is).</summary>
    private static DockerBuildArguments OnWorkingDirectory(DockerBuildArguments arguments, string? workingDirectory, PlannedStep step)
    {
        string Rebase(string path, string what)
        {
            if (workingDirectory is null && !path.StartsWith('/'))
                throw new StepFailedException($"build: working directory '{step.WorkingDirectory}' is outside /workspace, where the build's files are");
            var resolved = WorkspacePaths.Resolve(path.StartsWith('/') ? path : WorkspacePaths.Join(workingDirectory!, path))
                ?? throw new StepFailedException($"build: {what} '{path}' is outside /workspace");
            return resolved.Length == 0 ? "." : resolved;
        }
        if (GitUrls.IsGitUrl(arguments.Context)) return arguments;
        var context = workingDirectory is not "" || arguments.Context.StartsWith('/') ? Rebase(arguments.Context, "context") : arguments.Context;
        var file = arguments.File;
        if (file is not null && (workingDirectory is not "" || file.StartsWith("/workspace/", StringComparison.Ordinal)))
            file = Rebase(file, "Dockerfile");
        return arguments with { Context = context, File = file };
    }

    private async Task BuildAsync(PlannedStep step, DockerBuildArguments arguments, string contextArgument, string gitCommit, StepAttempt attempt, CancellationToken cancellationToken)
    {
        // After a cmd step has run, /workspace may hold files the source directory does not: build from the volume.
        // (A dry run has no volume: it describes the build from the source directory.)
        if (contextArgument == arguments.Context && context.WorkspaceMayHaveChanged && !context.Options.BindSource && !context.DryRun)
        {
            await BuildFromWorkspaceAsync(step, arguments, attempt, cancellationToken).ConfigureAwait(false);
            return;
        }
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
        var archive = new HostDirectoryArchive(contextDirectory, ignore, [dockerfileEntry, ".dockerignore"], extra);
        var dockerfileText = await File.ReadAllTextAsync(dockerfilePath, cancellationToken).ConfigureAwait(false);
        var (spec, bases) = await SpecAsync(step, arguments, dockerfileEntry, dockerfileText, cancellationToken).ConfigureAwait(false);
        string imageId;
        try
        {
            imageId = await BuildForPlatformAsync(step, spec, bases, archive.WriteAsync, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException("build: " + e.Message, e);
        }
        await RecordAsync(step, arguments, imageId, dockerfileText, cancellationToken, bases, gitCommit).ConfigureAwait(false);
    }

    /// <summary>
    /// The build as acb runs it after earlier steps: context, Dockerfile and .dockerignore read from the workspace
    /// volume (paths relative to /workspace), streamed from the engine's archive of the volume into the build.
    /// </summary>
    private async Task BuildFromWorkspaceAsync(PlannedStep step, DockerBuildArguments arguments, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var volume = context.Names.WorkspaceVolume;
        var contextPath = WorkspacePaths.Resolve(arguments.Context)
            ?? throw new StepFailedException($"build: context '{arguments.Context}' is outside /workspace");
        string? dockerfilePath = null;
        string? dockerfileText = null;
        foreach (var candidate in arguments.File is null
            ? [WorkspacePaths.Join(contextPath, "Dockerfile")]
            : new[] { WorkspacePaths.Resolve(arguments.File), WorkspacePaths.Resolve(WorkspacePaths.Join(contextPath, arguments.File)) })
        {
            if (candidate is null) continue;
            if (await ReadWorkspaceFileAsync(volume, candidate, cancellationToken).ConfigureAwait(false) is not { } text) continue;
            (dockerfilePath, dockerfileText) = (candidate, text);
            break;
        }
        if (dockerfilePath is null || dockerfileText is null)
        {
            // Which is missing: the context itself, or only the Dockerfile (the stream is dropped unread).
            var contextExists = await context.WorkspaceEngine.ReadFromVolumeAsync(volume, contextPath, context.Names.Labels, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
            throw new StepFailedException(contextExists
                ? $"build: Dockerfile '{arguments.File ?? "Dockerfile"}' not found in /workspace"
                : $"build: context directory '{arguments.Context}' does not exist in /workspace");
        }

        var extra = new List<KeyValuePair<string, byte[]>>();
        var dockerfileEntry = WorkspacePaths.RelativeTo(contextPath, dockerfilePath);
        if (dockerfileEntry is null)
        {
            dockerfileEntry = ".dockerfile." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
            extra.Add(new(dockerfileEntry, System.Text.Encoding.UTF8.GetBytes(dockerfileText)));
        }
        DockerIgnore ignore;
        try
        {
            var ignoreText = await ReadWorkspaceFileAsync(volume, WorkspacePaths.Join(contextPath, ".dockerignore"), cancellationToken).ConfigureAwait(false);
            ignore = ignoreText is null ? DockerIgnore.Empty : DockerIgnore.Parse(ignoreText);
        }
        catch (FormatException e) { throw new StepFailedException("build: " + e.Message, e); }
        var archive = new VolumeArchiveFilter(ignore, [dockerfileEntry, ".dockerignore"], extra);
        var (spec, bases) = await SpecAsync(step, arguments, dockerfileEntry, dockerfileText, cancellationToken).ConfigureAwait(false);
        string imageId;
        try
        {
            imageId = await BuildForPlatformAsync(step, spec, bases, async (pipe, ct) =>
            {
                var found = await context.WorkspaceEngine.ReadFromVolumeAsync(volume, contextPath, context.Names.Labels, (tar, ct2) => archive.CopyAsync(tar, pipe, ct2), ct).ConfigureAwait(false);
                if (!found) throw new StepFailedException($"context directory '{arguments.Context}' does not exist in /workspace");
            }, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException("build: " + e.Message, e);
        }
        await RecordAsync(step, arguments, imageId, dockerfileText, cancellationToken, bases).ConfigureAwait(false);
    }

    /// <summary>Runs <c>docker build ARGS</c> with BuildKit in <paramref name="directory"/>, with the step's environment.</summary>
    private async Task BuildWithBuildKitAsync(PlannedStep step, string directory, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var words = ShellWords.Split(step.Definition.Command ?? "").ToList();
        if (words.Count >= 2 && words[0] == "docker" && words[1] == "build") words.RemoveRange(0, 2);
        var env = step.Env.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => (string?)p[1]);
        try
        {
            await context.Ports.BuildKit.BuildAsync(new BuildKitBuild(words, directory, env), l => attempt.Output(l, false), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new StepFailedException(e.Message, e);
        }
    }

    /// <summary>A build whose context was not fetched (a dry run): the engine is told the build without its files.</summary>
    private async Task BuildUnseenAsync(PlannedStep step, DockerBuildArguments arguments, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var (spec, bases) = await SpecAsync(step, arguments, arguments.File ?? "Dockerfile", "", cancellationToken).ConfigureAwait(false);
        var imageId = await context.Engine.BuildImageAsync(spec, Stream.Null, l => attempt.Output(l.Text, false, l.Continues), cancellationToken).ConfigureAwait(false);
        await RecordAsync(step, arguments, imageId, "", cancellationToken, bases).ConfigureAwait(false);
    }

    /// <summary>The workspace volume's content in a new temporary directory (the caller deletes it).</summary>
    private async Task<string> CopyWorkspaceAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("taskrunner-workspace-").FullName;
        try
        {
            await TarPipe.StreamAsync(
                (pipe, ct) => context.WorkspaceEngine.ReadFromVolumeAsync(context.Names.WorkspaceVolume, "", context.Names.Labels,
                    (tar, ct2) => new VolumeArchiveFilter(DockerIgnore.Empty).CopyAsync(tar, pipe, ct2), ct),
                // The extraction refuses entries that would land outside the directory.
                stream => System.Formats.Tar.TarFile.ExtractToDirectoryAsync(stream, directory, overwriteFiles: true, cancellationToken),
                cancellationToken, "copy /workspace for BuildKit").ConfigureAwait(false);
            return directory;
        }
        catch (Exception e) when (e is EngineException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Directory.Delete(directory, recursive: true);
            throw new StepFailedException("build: " + e.Message, e);
        }
    }

    /// <summary>A regular file of the workspace volume as text; null when it is missing or not a regular file.</summary>
    private async Task<string?> ReadWorkspaceFileAsync(string volume, string path, CancellationToken cancellationToken)
    {
        string? text = null;
        await context.WorkspaceEngine.ReadFromVolumeAsync(volume, path, context.Names.Labels, async (tar, ct) =>
        {
            await using var reader = new System.Formats.Tar.TarReader(tar, leaveOpen: true);
            if (await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { DataStream: { } data } entry
                && entry.EntryType is System.Formats.Tar.TarEntryType.RegularFile or System.Formats.Tar.TarEntryType.V7RegularFile)
            {
                using var content = new StreamReader(data, System.Text.Encoding.UTF8, leaveOpen: true);
                text = await content.ReadToEndAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return text;
    }

    /// <summary>The engine build request for the step, with credentials for the Dockerfile's base images.</summary>
    private async Task<(ImageBuildSpec Spec, DockerfileBaseImages.Result Bases)> SpecAsync(PlannedStep step, DockerBuildArguments arguments,
        string dockerfileEntry, string dockerfileText, CancellationToken cancellationToken)
    {
        var buildArgs = new Dictionary<string, string>();
        foreach (var (key, value) in arguments.BuildArgs)
        {
            // Without a value, docker build takes it from its own environment: in acb, the step's container, which has
            // the step's env and HOME, never the environment of the machine running the task.
            var resolved = value ?? EnvValue(step, key) ?? (key == "HOME" ? RunWorkspace.HomePath : null);
            if (resolved is not null) buildArgs[key] = resolved;
        }
        var auths = new List<RegistryAuth>();
        var bases = DockerfileBaseImages.Read(dockerfileText, buildArgs, arguments.Target);
        foreach (var registry in new[] { bases.Runtime }.Concat(bases.BuildTime).OfType<string>().Where(i => !DockerfileBaseImages.IsScratch(i)).Select(i => ImageReference.TryParse(i, out var reference, out _) ? reference!.CredentialKey : null).OfType<string>().Distinct())
            if (await context.Ports.Credentials.GetAsync(registry, cancellationToken).ConfigureAwait(false) is { } auth) auths.Add(auth);

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
            CacheFrom = arguments.CacheFrom,
            ExtraHosts = arguments.ExtraHosts,
            ShmSize = arguments.ShmSize,
            Auths = auths,
        };
        return (spec, bases);
    }

    /// <summary>
    /// A classic build with <c>--platform</c>: the engine keeps one image per tag, and its classic builder resolves
    /// <c>FROM</c> of a multi-platform base to whatever copy is on the engine (Azure/acr#610), so a build for arm64 after
    /// one for amd64 would reuse the amd64 base and every cached layer on it. When a base on the engine is for another
    /// platform, this build pulls its bases for the step's platform (as <c>--pull</c>); when the bases match, or are
    /// not on the engine (the builder then pulls them for the platform itself), nothing is added. The built image's
    /// platform is checked afterwards, so a wrong image fails the step instead of going on under its tag.
    /// </summary>
    private async Task<string> BuildForPlatformAsync(PlannedStep step, ImageBuildSpec spec, DockerfileBaseImages.Result bases,
        Func<Stream, CancellationToken, Task> writeContext, StepAttempt attempt, CancellationToken cancellationToken)
    {
        var platform = context.DryRun ? null : EnginePlatform.TryParse(spec.Platform);
        if (platform is null) return await BuildThroughPipeAsync(spec, writeContext, attempt, cancellationToken).ConfigureAwait(false);

        var checkedBases = bases.ForBuildPlatform.Where(i => !DockerfileBaseImages.IsScratch(i)).ToList();
        // Per engine: each engine keeps its own copy of a base, so builds on different engines never wait on each other.
        await using var holding = await PlatformBaseLocks.AcquireAsync(checkedBases.Select(i => (context.EngineName ?? "") + " " + i), platform.ToString(), cancellationToken).ConfigureAwait(false);
        var mismatched = new List<string>();
        if (!spec.Pull)
        {
            foreach (var image in checkedBases)
            {
                if (await context.Engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false) is not { } local) continue;
                if (platform.Matches(local.OS, local.Architecture, local.Variant)) continue;
                mismatched.Add($"{image} ({EnginePlatform.Describe(local.OS, local.Architecture, local.Variant)})");
            }
        }
        if (mismatched.Count > 0)
        {
            attempt.Output($"the engine's copy of base image {string.Join(", ", mismatched)} is not for {platform}: pulling the bases for {platform} (as --pull), "
                + "so that the build cannot reuse another platform's base and cached layers", false);
            spec = spec with { Pull = true };
        }
        string imageId;
        try
        {
            imageId = await BuildThroughPipeAsync(spec, writeContext, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (mismatched.Count > 0)
        {
            throw new StepFailedException($"build: {e.Message} (base image {string.Join(", ", mismatched)} on the engine is for another platform, "
                + $"so it was pulled for --platform {platform}: the registry must serve that platform)", e);
        }
        await CheckBuiltPlatformAsync(step, spec, imageId, platform, bases, cancellationToken).ConfigureAwait(false);
        return imageId;
    }

    /// <summary>Fails the step when the image built for <paramref name="platform"/> is for another one (its base's, as the engine records it).</summary>
    private async Task CheckBuiltPlatformAsync(PlannedStep step, ImageBuildSpec spec, string imageId, EnginePlatform platform, DockerfileBaseImages.Result bases, CancellationToken cancellationToken)
    {
        // FROM scratch has no base copy to mix up (the builder records --platform on it), and a final stage with its
        // own FROM --platform is meant for that platform: neither is checked.
        if (bases.Runtime is not { } runtime || DockerfileBaseImages.IsScratch(runtime) || !bases.RuntimeForBuildPlatform) return;
        if (await context.Engine.InspectImageAsync(imageId, cancellationToken).ConfigureAwait(false) is not { } built) return;
        if (platform.Matches(built.OS, built.Architecture, built.Variant)) return;
        // The builder has already tagged it: its tags go, so no later step (or push, or a later run) takes it for the platform's image.
        var untagged = new List<string>();
        using var untagLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        untagLimit.CancelAfter(TimeSpan.FromSeconds(30));
        foreach (var tag in spec.Tags)
        {
            try
            {
                await context.Engine.UntagImageAsync(tag, untagLimit.Token).ConfigureAwait(false);
                untagged.Add(tag);
            }
            catch (Exception e) when (e is EngineException or OperationCanceledException) { }
        }
        var where = step.Definition.CommandSpan.IsKnown ? step.Definition.CommandSpan + ": " : "";
        throw new StepFailedException($"{where}build: the image built for --platform {platform} is {EnginePlatform.Describe(built.OS, built.Architecture, built.Variant)} "
            + $"(base image {runtime}): the engine's builder used a copy of the base, and any cached layers on it, for another platform. "
            + "The image is not accepted" + (untagged.Count > 0 ? $" and its tag{(untagged.Count > 1 ? "s" : "")} {string.Join(", ", untagged)} {(untagged.Count > 1 ? "were" : "was")} removed" : "")
            + "; build it again with --pull, or remove the base image from the engine first");
    }

    private async Task<string> BuildThroughPipeAsync(ImageBuildSpec spec, Func<Stream, CancellationToken, Task> writeContext, StepAttempt attempt, CancellationToken cancellationToken)
    {
        string? imageId = null;
        await TarPipe.StreamAsync(
            writeContext,
            async stream => imageId = await context.Engine.BuildImageAsync(spec, stream, l => attempt.Output(l.Text, false, l.Continues), cancellationToken).ConfigureAwait(false),
            cancellationToken, "send the build context").ConfigureAwait(false);
        return imageId!;
    }

    private async Task RecordAsync(PlannedStep step, DockerBuildArguments arguments, string? imageId, string dockerfileText, CancellationToken cancellationToken,
        DockerfileBaseImages.Result? bases = null, string gitCommit = "")
    {
        bases ??= DockerfileBaseImages.Read(dockerfileText, new Dictionary<string, string>(), arguments.Target);
        if (imageId is null && arguments.Tags.Count > 0)
            imageId = (await context.Engine.InspectImageAsync(arguments.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        var built = new BuiltImage(step.Id, imageId ?? "", arguments.Tags, bases.Runtime, bases.BuildTime,
            BuildCache: string.Equals(step.Definition.Cache?.Value, "enabled", StringComparison.OrdinalIgnoreCase), GitCommit: gitCommit);
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
