using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// What <c>taskrunner manifest</c> adds to docker's commands: the list format chosen or forced, index and entry
/// annotations (refused for a Docker list, which cannot carry them), sources that are themselves indexes flattened into
/// their images, images from other repositories or registries copied in, and a dry run that prints the index.
/// </summary>
public sealed class ManifestTool(RegistryClient client, IManifestListStore store)
{
    /// <summary>Adds images to a local list in the order given; with <paramref name="flatten"/>, an index adds its images.</summary>
    public async Task<int> CreateAsync(ImageReference list, IReadOnlyList<ImageReference> images, bool amend, bool flatten, CancellationToken cancellationToken)
    {
        var existing = store.GetList(list);
        if (existing is not null && !amend) throw new RegistryException("refusing to amend an existing manifest list with no --amend flag");
        var resolved = await Task.WhenAll(images.Select(image => ResolveAsync(image, flatten, cancellationToken)));
        var position = existing?.Count ?? 0;
        foreach (var (image, entries) in images.Zip(resolved))
            foreach (var entry in entries)
                store.Save(list, entry.Ref == image.ToString() ? image : ImageReference.Parse(entry.Ref), entry with { Annotations = Ordered(entry.Annotations, position++) });
        return position;
    }

    private async Task<IReadOnlyList<ManifestEntry>> ResolveAsync(ImageReference image, bool flatten, CancellationToken cancellationToken)
    {
        var manifest = await client.GetManifestAsync(image, cancellationToken);
        if (!MediaTypes.IsIndex(manifest.MediaType))
            return [await ImageResolver.ResolveAsync(client, image.WithDigest(manifest.Digest), cancellationToken) with { Ref = image.ToString() }];
        if (!flatten) throw new RegistryException($"{image} is a manifest list; use --flatten to add its images");
        var children = ManifestInspection.EntriesOf(manifest, image);
        return await Task.WhenAll(children.Select(async child =>
            await ImageResolver.ResolveAsync(client, image.WithDigest(child.Digest), cancellationToken) with { Platform = child.Platform }));
    }

    /// <summary>Entries remember the order they were added in (the store itself orders as docker's does).</summary>
    private const string OrderKey = "org.taskrunner.order";

    private static IReadOnlyDictionary<string, string> Ordered(IReadOnlyDictionary<string, string> annotations, int position) =>
        new Dictionary<string, string>(annotations) { [OrderKey] = position.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The list's entries in the order they were added, without TaskRunner's bookkeeping annotation.</summary>
    public IReadOnlyList<ManifestEntry> Entries(ImageReference list) =>
        (store.GetList(list) ?? throw new RegistryException($"{list} not found"))
            .OrderBy(e => e.Annotations.GetValueOrDefault(OrderKey, "999999"), StringComparer.Ordinal)
            .Select(e => e with { Annotations = e.Annotations.Where(kv => kv.Key != OrderKey).ToDictionary() })
            .ToList();

    public static string MediaTypeFor(ManifestListFormat format, IReadOnlyList<ManifestEntry> entries) => format switch
    {
        ManifestListFormat.Docker => MediaTypes.DockerManifestList,
        ManifestListFormat.Oci => MediaTypes.OciIndex,
        _ => entries.All(e => e.MediaType == MediaTypes.DockerManifest) ? MediaTypes.DockerManifestList : MediaTypes.OciIndex,
    };

    /// <summary>The index JSON that would be pushed.</summary>
    public byte[] Render(ImageReference list, ManifestListFormat format, IReadOnlyDictionary<string, string> indexAnnotations,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> entryAnnotations)
    {
        var (mediaType, entries) = Prepare(list, format, indexAnnotations, entryAnnotations);
        return ManifestListWriter.Write(mediaType, entries, indexAnnotations);
    }

    public async Task<string> PushAsync(ImageReference list, ManifestListFormat format, IReadOnlyDictionary<string, string> indexAnnotations,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> entryAnnotations, TextWriter output, CancellationToken cancellationToken)
    {
        var (mediaType, entries) = Prepare(list, format, indexAnnotations, entryAnnotations);
        return await new ManifestListPusher(client).PushAsync(list, entries, mediaType, indexAnnotations, output, cancellationToken, allowOtherRegistries: true);
    }

    private (string MediaType, IReadOnlyList<ManifestEntry> Entries) Prepare(ImageReference list, ManifestListFormat format,
        IReadOnlyDictionary<string, string> indexAnnotations, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> entryAnnotations)
    {
        var entries = Entries(list).Select(e => entryAnnotations.TryGetValue(e.Ref, out var a)
            ? e with { Annotations = e.Annotations.Concat(a).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value) } : e).ToList();
        foreach (var key in entryAnnotations.Keys)
            if (entries.All(e => e.Ref != key)) throw new RegistryException($"--entry-annotation names {key}, which is not in the list {list}");
        var mediaType = MediaTypeFor(format, entries);
        if (mediaType == MediaTypes.DockerManifestList && (indexAnnotations.Count > 0 || entries.Any(e => e.Annotations.Count > 0)))
            throw new RegistryException("a Docker manifest list cannot carry annotations; use --format oci (annotations are never dropped silently)");
        ManifestListPusher.Check(list, entries, allowOtherRegistries: true);
        return (mediaType, entries);
    }

    public static IReadOnlyDictionary<string, string> ParseAnnotations(IEnumerable<string> values) =>
        values.Select(v => v.IndexOf('=') is var i and > 0 ? (v[..i], v[(i + 1)..]) : throw new RegistryException($"an annotation is key=value, not '{v}'"))
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal);
}
