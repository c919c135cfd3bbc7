using System.Formats.Tar;

namespace TaskRunner.Execution.Archives;

/// <summary>
/// Turns the tar stream the engine gives of a directory (its entries named <c>DIR/...</c>) into a build context:
/// entries renamed relative to that directory, owned by root as the docker CLI sends them, what a
/// <see cref="DockerIgnore"/> excludes left out (the Dockerfile and .dockerignore always kept), extra files appended.
/// Entry by entry, never the whole context in memory; nothing is written to disk.
/// </summary>
public sealed class VolumeArchiveFilter
{
    private readonly DockerIgnore _ignore;
    private readonly HashSet<string> _alwaysIncluded;
    private readonly IReadOnlyList<KeyValuePair<string, byte[]>> _extraFiles;

    /// <param name="ignore">Exclusion patterns (use <see cref="DockerIgnore.Empty"/> to send everything).</param>
    /// <param name="alwaysIncluded">Slash-separated relative paths sent whatever the patterns say.</param>
    /// <param name="extraFiles">Entry name to content, appended after the directory's content.</param>
    public VolumeArchiveFilter(DockerIgnore ignore, IEnumerable<string>? alwaysIncluded = null, IReadOnlyList<KeyValuePair<string, byte[]>>? extraFiles = null)
    {
        _ignore = ignore;
        _alwaysIncluded = new HashSet<string>(alwaysIncluded ?? [], StringComparer.Ordinal);
        _extraFiles = extraFiles ?? [];
    }

    /// <summary>Number of files written by the last <see cref="CopyAsync"/>.</summary>
    public int FileCount { get; private set; }

    public async Task CopyAsync(Stream archive, Stream output, CancellationToken cancellationToken)
    {
        FileCount = 0;
        var skipped = new List<string>();
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var relative = Relative(entry.Name);
            if (relative is null) continue;
            if (skipped.Any(d => relative.StartsWith(d + "/", StringComparison.Ordinal))) continue;
            var isDirectory = entry.EntryType == TarEntryType.Directory;
            if (!_alwaysIncluded.Contains(relative) && _ignore.IsExcluded(relative))
            {
                // What an excluded directory holds is left out too, unless a `!` line or a kept file may be inside.
                if (isDirectory && !_ignore.HasExceptions && !_alwaysIncluded.Any(a => a.StartsWith(relative + "/", StringComparison.Ordinal)))
                    skipped.Add(relative);
                continue;
            }
            var copy = new PaxTarEntry(entry.EntryType, isDirectory ? relative + "/" : relative)
            {
                Mode = entry.Mode,
                ModificationTime = entry.ModificationTime,
                Uid = 0,
                Gid = 0,
            };
            if (entry.EntryType == TarEntryType.SymbolicLink) copy.LinkName = entry.LinkName;
            if (entry.EntryType == TarEntryType.HardLink) copy.LinkName = Relative(entry.LinkName) ?? entry.LinkName;
            // Read straight from the engine's stream, its size known from the header.
            if (entry.DataStream is { } data) copy.DataStream = new SizedReadStream(data, entry.Length);
            await writer.WriteEntryAsync(copy, cancellationToken).ConfigureAwait(false);
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile) FileCount++;
        }
        foreach (var (name, content) in _extraFiles)
        {
            var extra = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await writer.WriteEntryAsync(extra, cancellationToken).ConfigureAwait(false);
            FileCount++;
        }
    }

    /// <summary>An entry's path below the archived directory; null for the directory itself.</summary>
    private static string? Relative(string name)
    {
        name = name.TrimEnd('/');
        if (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        var slash = name.IndexOf('/');
        return slash < 0 || slash == name.Length - 1 ? null : name[(slash + 1)..];
    }
}
