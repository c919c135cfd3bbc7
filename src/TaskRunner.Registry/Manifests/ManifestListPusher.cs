using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>
/// Pushes a manifest list: checks its entries, makes each image from another repository available in the target
/// repository (blobs mounted or copied, then the manifest by digest, in parallel), and stores the list under the
/// target tag. Returns the list's digest.
/// </summary>
public sealed class ManifestListPusher(RegistryClient client)
{
    public static void Check(ImageReference target, IReadOnlyList<ManifestEntry> entries, bool allowOtherRegistries = false)
    {
        if (entries.Count == 0) throw new RegistryException($"{target} not found");
        var digests = new HashSet<string>(StringComparer.Ordinal);
        var platforms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (string.IsNullOrEmpty(entry.Platform.OS) || string.IsNullOrEmpty(entry.Platform.Architecture))
                throw new RegistryException($"manifest {entry.Ref} must have an OS and Architecture to be pushed to a registry");
            var source = ImageReference.Parse(entry.Ref);
            if (!allowOtherRegistries && !string.Equals(source.Registry, target.Registry, StringComparison.OrdinalIgnoreCase))
                throw new RegistryException($"cannot use source images from a different registry than the target image: {source.Registry} != {target.Registry}");
            if (!digests.Add(entry.Digest))
                throw new RegistryException($"{entry.Ref} is in the list twice (digest {entry.Digest}); each image may appear once");
            var platform = entry.Platform + (string.IsNullOrEmpty(entry.Platform.OSVersion) ? "" : ":" + entry.Platform.OSVersion);
            if (!platforms.Add(platform))
                throw new RegistryException($"two images of the list have the platform {platform}; a client could not choose between them");
        }
    }

    /// <summary>Copies images from other repositories into the target's; writes docker's "Pushed ref" lines.</summary>
    public async Task CopyChildrenAsync(ImageReference target, IReadOnlyList<ManifestEntry> entries, TextWriter output, CancellationToken cancellationToken)
    {
        var foreign = entries.Where(e => ImageReference.Parse(e.Ref) is var r && (r.Repository != target.Repository || r.Registry != target.Registry)).ToList();
        var pushed = await Task.WhenAll(foreign.Select(async entry =>
        {
            var source = ImageReference.Parse(entry.Ref);
            await Task.WhenAll(entry.Blobs.Distinct().Select(blob => client.MountOrCopyBlobAsync(target, source, blob, cancellationToken)));
            var destination = target.WithDigest(entry.Digest);
            var digest = await client.PutManifestAsync(destination, entry.MediaType, entry.Raw, cancellationToken);
            return $"Pushed ref {destination} with digest: {digest}";
        }));
        foreach (var line in pushed) output.WriteLine(line);
    }

    public async Task<string> PushAsync(ImageReference target, IReadOnlyList<ManifestEntry> entries, string mediaType,
        IReadOnlyDictionary<string, string>? annotations, TextWriter output, CancellationToken cancellationToken, bool allowOtherRegistries = false)
    {
        Check(target, entries, allowOtherRegistries);
        await CopyChildrenAsync(target, entries, output, cancellationToken);
        var body = ManifestListWriter.Write(mediaType, entries, annotations);
        return await client.PutManifestAsync(target, mediaType, body, cancellationToken);
    }
}
