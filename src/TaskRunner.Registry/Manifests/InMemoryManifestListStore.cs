using TaskRunner.Registry.Names;

namespace TaskRunner.Registry.Manifests;

/// <summary>Lists that live for one task run, ordered as docker's file store orders them.</summary>
public sealed class InMemoryManifestListStore : IManifestListStore
{
    private readonly Dictionary<string, SortedDictionary<string, ManifestEntry>> _lists = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public IReadOnlyList<ManifestEntry>? GetList(ImageReference list)
    {
        lock (_lock) return _lists.TryGetValue(list.ToString(), out var entries) ? entries.Values.ToList() : null;
    }

    public ManifestEntry? Get(ImageReference list, ImageReference image)
    {
        lock (_lock)
            return _lists.TryGetValue(list.ToString(), out var entries) && entries.TryGetValue(StoreNames.FileSafe(image.ToString()), out var e) ? e : null;
    }

    public void Save(ImageReference list, ImageReference image, ManifestEntry entry)
    {
        lock (_lock)
        {
            if (!_lists.TryGetValue(list.ToString(), out var entries))
                _lists[list.ToString()] = entries = new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal);
            entries[StoreNames.FileSafe(image.ToString())] = entry;
        }
    }

    public bool Remove(ImageReference list)
    {
        lock (_lock) return _lists.Remove(list.ToString());
    }
}
