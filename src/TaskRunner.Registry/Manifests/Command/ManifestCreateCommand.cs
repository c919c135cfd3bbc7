using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary><c>docker manifest create [--amend|-a] [--insecure] MANIFEST_LIST MANIFEST [MANIFEST...]</c>.</summary>
internal sealed class ManifestCreateCommand : ManifestSubcommand
{
    public override string Name => "create";
    public override string Usage => "docker manifest create MANIFEST_LIST MANIFEST [MANIFEST...]";
    public override string Summary => "Create a local manifest list for annotating and pushing to a registry";

    public override async Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken)
    {
        var a = CommandArguments.Parse(args, new Dictionary<string, char?> { ["amend"] = 'a', ["insecure"] = null }, []);
        RequireArgs(a, 2, int.MaxValue, "requires at least 2 arguments");
        var listName = a.Positional[0];
        var list = Parse(listName, $"error parsing name for manifest list {listName}");
        if (context.Store.GetList(list) is not null && !a.Has("amend"))
            throw new RegistryException("refusing to amend an existing manifest list with no --amend flag");
        var references = a.Positional.Skip(1).Select(i => ImageReference.Parse(i)).ToList();
        using var client = context.Client(a.Has("insecure"));
        // The images' manifests and configs are fetched in parallel; they are stored in the order docker stores them.
        var entries = await Task.WhenAll(references.Select(r => context.Store.Get(list, r) is { } known
            ? Task.FromResult(known)
            : ImageResolver.ResolveAsync(client, r, cancellationToken)));
        for (var i = 0; i < references.Count; i++) context.Store.Save(list, references[i], entries[i]);
        context.Stdout.WriteLine($"Created manifest list {list}");
    }
}
