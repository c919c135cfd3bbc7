using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>The manifest lists being assembled between <c>manifest create</c> and <c>manifest push</c>.</summary>
public interface IManifestListStore
{
    /// <summary>The entries of a list in the order docker would push them, or null when there is no such list.</summary>
    IReadOnlyList<ManifestEntry>? GetList(ImageReference list);
    ManifestEntry? Get(ImageReference list, ImageReference image);
    void Save(ImageReference list, ImageReference image, ManifestEntry entry);
    /// <summary>False when there was no such list.</summary>
    bool Remove(ImageReference list);
}
