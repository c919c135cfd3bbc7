using System.Formats.Tar;

namespace TaskRunner.Execution.Archives;

/// <summary>
/// Writes a directory as a tar stream, file by file (never the whole context in memory), leaving out what a
/// <see cref="DockerIgnore"/> excludes. Paths listed as always-included (the Dockerfile and .dockerignore, as the
/// docker CLI does) are sent even when a pattern excludes them; extra entries (a Dockerfile that lives outside the
/// context) are appended under the names given.
/// </summary>
public sealed class HostDirectoryArchive
{
    private readonly string _root;
    private readonly DockerIgnore _ignore;
    private readonly HashSet<string> _alwaysIncluded;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _extraFiles;

    /// <param name="root">The directory whose content becomes the root of the archive.</param>
    /// <param name="ignore">Exclusion patterns (use <see cref="DockerIgnore.Empty"/> to send everything).</param>
    /// <param name="alwaysIncluded">Slash-separated relative paths sent whatever the patterns say.</param>
    /// <param name="extraFiles">Entry name to host file path, appended after the directory's content.</param>
    public HostDirectoryArchive(string root, DockerIgnore ignore, IEnumerable<string>? alwaysIncluded = null, IReadOnlyList<KeyValuePair<string, string>>? extraFiles = null)
    {
        _root = Path.GetFullPath(root);
        _ignore = ignore;
        _alwaysIncluded = new HashSet<string>(alwaysIncluded ?? [], StringComparer.Ordinal);
        _extraFiles = extraFiles ?? [];
    }

    /// <summary>Number of files written by the last <see cref="WriteAsync"/> (for tests and reports).</summary>
    public int FileCount { get; private set; }

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        FileCount = 0;
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteDirectoryAsync(tar, _root, "", cancellationToken).ConfigureAwait(false);
        foreach (var (name, path) in _extraFiles)
        {
            await tar.WriteEntryAsync(path, name, cancellationToken).ConfigureAwait(false);
            FileCount++;
        }
    }

    /// <summary>The relative paths that would be sent, in archive order (used by tests and --dry-run).</summary>
    public IEnumerable<string> EnumerateIncluded() => Enumerate(_root, "");

    private async Task WriteDirectoryAsync(TarWriter tar, string directory, string prefix, CancellationToken cancellationToken)
    {
        foreach (var (full, relative, isDirectory, include) in Children(directory, prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (include)
            {
                try
                {
                    await tar.WriteEntryAsync(full, isDirectory ? relative + "/" : relative, cancellationToken).ConfigureAwait(false);
                    if (!isDirectory) FileCount++;
                }
                catch (IOException e) when (!isDirectory && e.Message.Contains("not supported for tar", StringComparison.Ordinal))
                {
                    // Sockets and other special files cannot be archived (the tar writer says so); docker skips them too.
                }
            }
            if (isDirectory && (include || _ignore.HasExceptions || _alwaysIncluded.Any(a => a.StartsWith(relative + "/", StringComparison.Ordinal))))
                await WriteDirectoryAsync(tar, full, relative, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<string> Enumerate(string directory, string prefix)
    {
        foreach (var (full, relative, isDirectory, include) in Children(directory, prefix))
        {
            if (include && !isDirectory) yield return relative;
            if (isDirectory && (include || _ignore.HasExceptions || _alwaysIncluded.Any(a => a.StartsWith(relative + "/", StringComparison.Ordinal))))
                foreach (var child in Enumerate(full, relative)) yield return child;
        }
    }

    private IEnumerable<(string Full, string Relative, bool IsDirectory, bool Include)> Children(string directory, string prefix)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var relative = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            // A symbolic link to a directory is sent as a link, never followed.
            var isDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
            var include = _alwaysIncluded.Contains(relative) || !_ignore.IsExcluded(relative);
            yield return (entry.FullName, relative, isDirectory, include);
        }
    }
}
