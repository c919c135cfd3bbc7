namespace TaskRunner.Registry.Manifests;

/// <summary><c>docker manifest push [--purge|-p] [--insecure] MANIFEST_LIST</c>.</summary>
internal sealed class ManifestPushCommand : ManifestSubcommand
{
    public override string Name => "push";
    public override string Usage => "docker manifest push [OPTIONS] MANIFEST_LIST";
    public override string Summary => "Push a manifest list to a repository";

    public override async Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken)
    {
        var a = CommandArguments.Parse(args, new Dictionary<string, char?> { ["purge"] = 'p', ["insecure"] = null }, []);
        RequireArgs(a, 1, 1, "requires exactly 1 argument");
        var listName = a.Positional[0];
        var list = Parse(listName, $"error parsing name for manifest list {listName}");
        // docker builds each entry from digest, size, media type and platform only: annotations are not pushed.
        var entries = context.Store.GetList(list)?.Select(e => e with { Annotations = new Dictionary<string, string>() }).ToList();
        if (entries is null || entries.Count == 0) throw new RegistryException($"{list} not found");
        using var client = context.Client(a.Has("insecure"));
        var digest = await new ManifestListPusher(client).PushAsync(list, entries, ManifestListWriter.DockerMediaType(entries), null, context.Stdout, cancellationToken);
        context.Stdout.WriteLine(digest);
        if (a.Has("purge")) context.Store.Remove(list);
    }
}
