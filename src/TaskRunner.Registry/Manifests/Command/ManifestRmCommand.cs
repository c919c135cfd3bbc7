namespace TaskRunner.Registry.Manifests;

/// <summary><c>docker manifest rm MANIFEST_LIST [MANIFEST_LIST...]</c>: every name is tried; the ones missing are reported together.</summary>
internal sealed class ManifestRmCommand : ManifestSubcommand
{
    public override string Name => "rm";
    public override string Usage => "docker manifest rm MANIFEST_LIST [MANIFEST_LIST...]";
    public override string Summary => "Delete one or more manifest lists from local storage";

    public override Task RunAsync(IReadOnlyList<string> args, ManifestCommandContext context, CancellationToken cancellationToken)
    {
        var a = CommandArguments.Parse(args, new Dictionary<string, char?>(), []);
        RequireArgs(a, 1, int.MaxValue, "requires at least 1 argument");
        var errors = new List<string>();
        foreach (var name in a.Positional)
        {
            var list = Parse(name, $"error parsing name for manifest list {name}");
            if (!context.Store.Remove(list)) errors.Add($"No such manifest: {list}");
        }
        if (errors.Count > 0) throw new RegistryException(string.Join("\n", errors));
        return Task.CompletedTask;
    }
}
