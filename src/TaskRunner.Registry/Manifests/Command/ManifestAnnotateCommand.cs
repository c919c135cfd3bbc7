namespace TaskRunner.Registry.Manifests;

/// <summary><c>docker manifest annotate [--os] [--arch] [--variant] [--os-version] [--os-features] MANIFEST_LIST MANIFEST</c>.</summary>
internal sealed class ManifestAnnotateCommand : ManifestSubcommand
{
    public override string Name => "annotate";
    public override string Usage => "docker manifest annotate [OPTIONS] MANIFEST_LIST MANIFEST";
    public override string Summary => "Add additional information to a local image manifest";

    public override Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken)
    {
        var a = CommandArguments.Parse(args, new Dictionary<string, char?>(), ["os", "arch", "os-version", "os-features", "variant"]);
        RequireArgs(a, 2, 2, "requires exactly 2 arguments");
        string listName = a.Positional[0], imageName = a.Positional[1];
        string? os = a.Value("os"), arch = a.Value("arch"), osVersion = a.Value("os-version"), variant = a.Value("variant");
        var osFeatures = a.All("os-features").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();

        var list = Parse(listName, $"annotate: error parsing name for manifest list {listName}");
        var image = Parse(imageName, $"annotate: error parsing name for manifest {imageName}");
        var entry = context.Store.Get(list, image) ?? throw new RegistryException($"manifest for image {imageName} does not exist in {listName}");
        var p = entry.Platform;
        var features = (p.OSFeatures ?? []).ToList();
        foreach (var feature in osFeatures) if (!features.Contains(feature)) features.Add(feature);
        var platform = p with
        {
            OS = string.IsNullOrEmpty(os) ? p.OS : os,
            Architecture = string.IsNullOrEmpty(arch) ? p.Architecture : arch,
            OSVersion = string.IsNullOrEmpty(osVersion) ? p.OSVersion : osVersion,
            Variant = string.IsNullOrEmpty(variant) ? p.Variant : variant,
            OSFeatures = features.Count == 0 ? null : features,
        };
        if (!Platforms.IsValid(platform.OS, platform.Architecture))
            throw new RegistryException($"manifest entry for image has unsupported os/arch combination: {os}/{arch}");
        context.Store.Save(list, image, entry with { Platform = platform });
        return Task.CompletedTask;
    }
}
