using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>One subcommand of <c>docker manifest</c>: its usage line, its summary, and how it runs.</summary>
internal abstract class ManifestSubcommand
{
    public abstract string Name { get; }
    public abstract string Usage { get; }
    public abstract string Summary { get; }

    /// <param name="args">What follows the subcommand's name.</param>
    public abstract Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken);

    protected void RequireArgs(CommandArguments a, int min, int max, string text)
    {
        if (a.Positional.Count < min || a.Positional.Count > max)
            throw new ManifestUsageException($"\"docker manifest {Name}\" {text}.");
    }

    protected static ImageReference Parse(string name, string context) =>
        ImageReference.TryParse(name, out var reference, out var error) ? reference! : throw new RegistryException($"{context}: {error}");
}

/// <summary>What every subcommand works with: the local list store, a registry client, and where output goes.</summary>
internal sealed class ManifestCommandContext(IManifestListStore store, ICredentialStore credentials, RegistryClientOptions options, TextWriter stdout)
{
    public IManifestListStore Store { get; } = store;
    public TextWriter Stdout { get; } = stdout;

    /// <summary>A client for one subcommand, insecure when the subcommand's <c>--insecure</c> or the options say so.</summary>
    public RegistryClient Client(bool insecure) => new(credentials, options with { AllowInsecure = insecure || options.AllowInsecure });
}
