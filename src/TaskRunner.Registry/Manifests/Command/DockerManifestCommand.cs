using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// <c>docker manifest create|annotate|push|inspect|rm</c>, executed in process against the registry with docker's
/// flags, rules, messages and output, so a task's <c>cmd: docker manifest ...</c> steps need no docker CLI. The list
/// it pushes has the bytes, and so the digest, that docker would push for the same images. This is the front: it
/// picks the subcommand (one file each, as docker/cli's cli/command/manifest) and turns failures into docker's
/// messages and exit codes.
/// </summary>
public sealed class DockerManifestCommand
{
    private static readonly IReadOnlyDictionary<string, ManifestSubcommand> Subcommands = new ManifestSubcommand[]
    {
        new ManifestCreateCommand(), new ManifestAnnotateCommand(), new ManifestPushCommand(), new ManifestInspectCommand(), new ManifestRmCommand(),
    }.ToDictionary(c => c.Name);

    private readonly IManifestListStore _store;
    private readonly ICredentialStore _credentials;
    private readonly RegistryClientOptions _options;

    public DockerManifestCommand(IManifestListStore store, ICredentialStore credentials, RegistryClientOptions? options = null)
    {
        _store = store;
        _credentials = credentials;
        _options = options ?? new RegistryClientOptions();
    }

    /// <param name="args">What follows <c>docker manifest</c>.</param>
    /// <returns>0 on success, 1 on failure, as docker.</returns>
    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || !Subcommands.TryGetValue(args[0], out var command))
        {
            stderr.WriteLine(args.Count == 0
                ? "docker manifest: a subcommand is required: create, annotate, push, inspect or rm"
                : $"docker manifest: unknown command \"{args[0]}\"; the subcommands are create, annotate, push, inspect and rm");
            return 1;
        }
        try
        {
            await command.RunAsync(args.Skip(1).ToList(), new ManifestCommandContext(_store, _credentials, _options, stdout), cancellationToken);
            return 0;
        }
        catch (ManifestUsageException e)
        {
            stderr.WriteLine(e.Message);
            stderr.WriteLine($"See 'docker manifest {command.Name} --help'.");
            stderr.WriteLine();
            stderr.WriteLine($"Usage:  {command.Usage}");
            stderr.WriteLine();
            stderr.WriteLine(command.Summary);
            return 1;
        }
        catch (RegistryException e)
        {
            stderr.WriteLine(e.Message);
            return 1;
        }
        catch (FormatException e)
        {
            stderr.WriteLine(e.Message);
            return 1;
        }
    }
}
