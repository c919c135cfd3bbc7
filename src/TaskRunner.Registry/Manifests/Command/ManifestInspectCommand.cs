using TaskRunner.GoEncoding;

namespace TaskRunner.Registry.Manifests;

/// <summary><c>docker manifest inspect [-v] [--insecure] [MANIFEST_LIST] MANIFEST</c>.</summary>
internal sealed class ManifestInspectCommand : ManifestSubcommand
{
    public override string Name => "inspect";
    public override string Usage => "docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST";
    public override string Summary => "Display an image manifest, or manifest list";

    public override async Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken)
    {
        var a = CommandArguments.Parse(args, new Dictionary<string, char?> { ["verbose"] = 'v', ["insecure"] = null }, []);
        RequireArgs(a, 1, 2, "requires at least 1 and at most 2 arguments");
        var names = a.Positional;
        var verbose = a.Has("verbose");
        var stdout = context.Stdout;
        if (names.Count == 2)
        {
            var list = Parse(names[0], $"error parsing name for manifest list {names[0]}");
            var image = Parse(names[1], $"error parsing name for manifest {names[1]}");
            var entry = context.Store.Get(list, image) ?? throw new RegistryException($"No such manifest: {image}");
            stdout.WriteLine(ManifestInspection.Image(entry, verbose));
            return;
        }
        var reference = Parse(names[0], $"error parsing name for manifest {names[0]}");
        if (context.Store.GetList(reference) is { Count: > 0 } local)
        {
            stdout.WriteLine(ManifestInspection.List(local, verbose));
            return;
        }
        using var client = context.Client(a.Has("insecure"));
        var manifest = await client.GetManifestAsync(reference, cancellationToken);
        if (!MediaTypes.IsIndex(manifest.MediaType))
        {
            stdout.WriteLine(verbose
                ? ManifestInspection.Image(await ImageResolver.ResolveAsync(client, reference.WithDigest(manifest.Digest), cancellationToken) with { Ref = reference.ToString() }, true)
                : JsonIndenter.Indent(System.Text.Encoding.UTF8.GetString(manifest.Body), "\t"));
            return;
        }
        // A list in the registry: docker prints it rebuilt from its entries in its canonical form.
        var children = ManifestInspection.EntriesOf(manifest, reference);
        if (verbose)
        {
            var resolved = await Task.WhenAll(children.Select(async c =>
                await ImageResolver.ResolveAsync(client, reference.WithDigest(c.Digest), cancellationToken) with { Platform = c.Platform, Ref = reference.WithDigest(c.Digest).ToString() }));
            stdout.WriteLine(ManifestInspection.List(resolved, true));
            return;
        }
        stdout.WriteLine(ManifestInspection.List(children, false, manifest.MediaType));
    }
}
