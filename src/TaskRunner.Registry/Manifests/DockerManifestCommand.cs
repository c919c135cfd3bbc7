using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// <c>docker manifest create|annotate|push|inspect|rm</c>, executed in process against the registry with docker's
/// flags, rules, messages and output, so a task's <c>cmd: docker manifest ...</c> steps need no docker CLI. The list
/// it pushes has the bytes, and so the digest, that docker would push for the same images.
/// </summary>
public sealed class DockerManifestCommand
{
    private readonly IManifestListStore _store;
    private readonly ICredentialStore _credentials;
    private readonly RegistryClientOptions _options;

    public DockerManifestCommand(IManifestListStore store, ICredentialStore credentials, RegistryClientOptions? options = null)
    {
        _store = store;
        _credentials = credentials;
        _options = options ?? new RegistryClientOptions();
    }

    private static readonly Dictionary<string, (string Usage, string Summary)> Usages = new()
    {
        ["create"] = ("docker manifest create MANIFEST_LIST MANIFEST [MANIFEST...]", "Create a local manifest list for annotating and pushing to a registry"),
        ["annotate"] = ("docker manifest annotate [OPTIONS] MANIFEST_LIST MANIFEST", "Add additional information to a local image manifest"),
        ["push"] = ("docker manifest push [OPTIONS] MANIFEST_LIST", "Push a manifest list to a repository"),
        ["inspect"] = ("docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST", "Display an image manifest, or manifest list"),
        ["rm"] = ("docker manifest rm MANIFEST_LIST [MANIFEST_LIST...]", "Delete one or more manifest lists from local storage"),
    };

    /// <param name="args">What follows <c>docker manifest</c>.</param>
    /// <returns>0 on success, 1 on failure, as docker.</returns>
    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || !Usages.ContainsKey(args[0]))
        {
            stderr.WriteLine(args.Count == 0
                ? "docker manifest: a subcommand is required: create, annotate, push, inspect or rm"
                : $"docker manifest: unknown command \"{args[0]}\"; the subcommands are create, annotate, push, inspect and rm");
            return 1;
        }
        var command = args[0];
        try
        {
            var rest = args.Skip(1).ToList();
            switch (command)
            {
                case "create":
                    {
                        var a = CommandArguments.Parse(rest, new Dictionary<string, char?> { ["amend"] = 'a', ["insecure"] = null }, []);
                        RequireArgs(command, a, 2, int.MaxValue, "requires at least 2 arguments");
                        await CreateAsync(a.Positional[0], a.Positional.Skip(1).ToList(), a.Has("amend"), a.Has("insecure"), stdout, cancellationToken);
                        break;
                    }
                case "annotate":
                    {
                        var a = CommandArguments.Parse(rest, new Dictionary<string, char?>(), ["os", "arch", "os-version", "os-features", "variant"]);
                        RequireArgs(command, a, 2, 2, "requires exactly 2 arguments");
                        Annotate(a.Positional[0], a.Positional[1], a.Value("os"), a.Value("arch"), a.Value("os-version"),
                            a.All("os-features").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList(), a.Value("variant"));
                        break;
                    }
                case "push":
                    {
                        var a = CommandArguments.Parse(rest, new Dictionary<string, char?> { ["purge"] = 'p', ["insecure"] = null }, []);
                        RequireArgs(command, a, 1, 1, "requires exactly 1 argument");
                        await PushAsync(a.Positional[0], a.Has("purge"), a.Has("insecure"), stdout, cancellationToken);
                        break;
                    }
                case "inspect":
                    {
                        var a = CommandArguments.Parse(rest, new Dictionary<string, char?> { ["verbose"] = 'v', ["insecure"] = null }, []);
                        RequireArgs(command, a, 1, 2, "requires at least 1 and at most 2 arguments");
                        await InspectAsync(a.Positional, a.Has("verbose"), a.Has("insecure"), stdout, cancellationToken);
                        break;
                    }
                case "rm":
                    {
                        var a = CommandArguments.Parse(rest, new Dictionary<string, char?>(), []);
                        RequireArgs(command, a, 1, int.MaxValue, "requires at least 1 argument");
                        Remove(a.Positional);
                        break;
                    }
            }
            return 0;
        }
        catch (ManifestUsageException e)
        {
            var (usage, summary) = Usages[command];
            stderr.WriteLine(e.Message);
            stderr.WriteLine($"See 'docker manifest {command} --help'.");
            stderr.WriteLine();
            stderr.WriteLine($"Usage:  {usage}");
            stderr.WriteLine();
            stderr.WriteLine(summary);
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

    private static void RequireArgs(string command, CommandArguments a, int min, int max, string text)
    {
        if (a.Positional.Count < min || a.Positional.Count > max)
            throw new ManifestUsageException($"\"docker manifest {command}\" {text}.");
    }

    private RegistryClient Client(bool insecure) => new(_credentials, _options with { AllowInsecure = insecure || _options.AllowInsecure });

    private async Task CreateAsync(string listName, IReadOnlyList<string> images, bool amend, bool insecure, TextWriter stdout, CancellationToken cancellationToken)
    {
        var list = Parse(listName, $"error parsing name for manifest list {listName}");
        if (_store.GetList(list) is not null && !amend)
            throw new RegistryException("refusing to amend an existing manifest list with no --amend flag");
        var references = images.Select(i => ImageReference.Parse(i)).ToList();
        using var client = Client(insecure);
        // The images' manifests and configs are fetched in parallel; they are stored in the order docker stores them.
        var entries = await Task.WhenAll(references.Select(r => _store.Get(list, r) is { } known
            ? Task.FromResult(known)
            : ImageResolver.ResolveAsync(client, r, cancellationToken)));
        for (var i = 0; i < references.Count; i++) _store.Save(list, references[i], entries[i]);
        stdout.WriteLine($"Created manifest list {list}");
    }

    private void Annotate(string listName, string imageName, string? os, string? arch, string? osVersion, IReadOnlyList<string> osFeatures, string? variant)
    {
        var list = Parse(listName, $"annotate: error parsing name for manifest list {listName}");
        var image = Parse(imageName, $"annotate: error parsing name for manifest {imageName}");
        var entry = _store.Get(list, image) ?? throw new RegistryException($"manifest for image {imageName} does not exist in {listName}");
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
        _store.Save(list, image, entry with { Platform = platform });
    }

    private async Task PushAsync(string listName, bool purge, bool insecure, TextWriter stdout, CancellationToken cancellationToken)
    {
        var list = Parse(listName, $"error parsing name for manifest list {listName}");
        // docker builds each entry from digest, size, media type and platform only: annotations are not pushed.
        var entries = _store.GetList(list)?.Select(e => e with { Annotations = new Dictionary<string, string>() }).ToList();
        if (entries is null || entries.Count == 0) throw new RegistryException($"{list} not found");
        using var client = Client(insecure);
        var digest = await new ManifestListPusher(client).PushAsync(list, entries, ManifestListWriter.DockerMediaType(entries), null, stdout, cancellationToken);
        stdout.WriteLine(digest);
        if (purge) _store.Remove(list);
    }

    private async Task InspectAsync(IReadOnlyList<string> names, bool verbose, bool insecure, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (names.Count == 2)
        {
            var list = Parse(names[0], $"error parsing name for manifest list {names[0]}");
            var image = Parse(names[1], $"error parsing name for manifest {names[1]}");
            var entry = _store.Get(list, image) ?? throw new RegistryException($"No such manifest: {image}");
            stdout.WriteLine(ManifestInspection.Image(entry, verbose));
            return;
        }
        var reference = Parse(names[0], $"error parsing name for manifest {names[0]}");
        if (_store.GetList(reference) is { Count: > 0 } local)
        {
            stdout.WriteLine(ManifestInspection.List(local, verbose));
            return;
        }
        using var client = Client(insecure);
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

    private void Remove(IReadOnlyList<string> names)
    {
        var errors = new List<string>();
        foreach (var name in names)
        {
            var list = Parse(name, $"error parsing name for manifest list {name}");
            if (!_store.Remove(list)) errors.Add($"No such manifest: {list}");
        }
        if (errors.Count > 0) throw new RegistryException(string.Join("\n", errors));
    }

    private static ImageReference Parse(string name, string context) =>
        ImageReference.TryParse(name, out var reference, out var error) ? reference! : throw new RegistryException($"{context}: {error}");
}
