using System.Formats.Tar;
using System.Text;
using NUnit.Framework;
using TaskRunner.Execution.Archives;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>The engine's archive of a workspace directory rewritten as a build context.</summary>
[TestFixture]
public sealed class VolumeArchiveFilterTests
{
    /// <summary>A tar as the engine's archive API gives it for a directory named <c>ctx</c>.</summary>
    private static MemoryStream EngineArchive()
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "ctx/") { Uid = 1000, Gid = 1000 });
            foreach (var file in new[] { "ctx/Dockerfile", "ctx/.dockerignore", "ctx/app/main.sh", "ctx/app/debug.log", "ctx/node_modules/x/index.js", "ctx/docs/a.md", "ctx/docs/keep.md" })
            {
                var name = file;
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(name)), Uid = 1000, Gid = 1000 });
            }
            writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "ctx/app/main-link.sh") { LinkName = "ctx/app/main.sh" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "ctx/app/current") { LinkName = "../docs" });
        }
        buffer.Position = 0;
        return buffer;
    }

    private static async Task<List<TarEntry>> EntriesOf(VolumeArchiveFilter context)
    {
        // Both ends are unseekable, as the engine's HTTP stream and the pipe to the build request are.
        using var output = new MemoryStream();
        await context.CopyAsync(new ForwardOnly(EngineArchive()), new ForwardOnly(output), CancellationToken.None);
        output.Position = 0;
        var entries = new List<TarEntry>();
        using var reader = new TarReader(output);
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }

    [Test]
    public async Task Entries_are_renamed_relative_to_the_directory_owned_by_root_and_filtered_by_dockerignore()
    {
        var ignore = DockerIgnore.Parse("node_modules\n**/*.log\ndocs\n!docs/keep.md\nDockerfile\n");
        var context = new VolumeArchiveFilter(ignore, ["Dockerfile", ".dockerignore"], [new(".dockerfile.extra", "FROM scratch\n"u8.ToArray())]);

        var entries = await EntriesOf(context);

        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[]
        {
            "Dockerfile", ".dockerignore", "app/main.sh", "docs/keep.md", "app/main-link.sh", "app/current", ".dockerfile.extra",
        }));
        Assert.That(entries.Take(4).Select(e => (e.Uid, e.Gid)), Has.All.EqualTo((0, 0)));
        Assert.That(entries.Single(e => e.Name == "app/main-link.sh").LinkName, Is.EqualTo("app/main.sh"), "hard links follow the renaming");
        Assert.That(entries.Single(e => e.Name == "app/current").LinkName, Is.EqualTo("../docs"), "symbolic links are kept as written");
        using var content = new StreamReader(entries.Single(e => e.Name == "app/main.sh").DataStream!);
        Assert.That(await content.ReadToEndAsync(), Is.EqualTo("ctx/app/main.sh"));
        Assert.That(context.FileCount, Is.EqualTo(5));
    }

    [Test]
    public async Task Without_a_dockerignore_everything_below_the_directory_is_sent()
    {
        var entries = await EntriesOf(new VolumeArchiveFilter(DockerIgnore.Empty));
        Assert.That(entries.Select(e => e.Name), Does.Contain("node_modules/x/index.js").And.Contain("app/debug.log").And.Not.Contain("ctx/"));
    }

    [TestCase(".", "")]
    [TestCase("", "")]
    [TestCase("/workspace", "")]
    [TestCase("/workspace/app/../src/", "src")]
    [TestCase("./a/./b", "a/b")]
    [TestCase("..", null)]
    [TestCase("a/../../b", null)]
    [TestCase("/etc", null)]
    [TestCase("/workspacex/a", null)]
    public void Workspace_paths_resolve_as_seen_from_workspace(string path, string? expected) =>
        Assert.That(WorkspacePaths.Resolve(path), Is.EqualTo(expected));

    [TestCase("", "a/Dockerfile", "a/Dockerfile")]
    [TestCase("a", "a/Dockerfile", "Dockerfile")]
    [TestCase("a", "b/Dockerfile", null)]
    [TestCase("a", "ab/Dockerfile", null)]
    public void A_path_relative_to_a_directory(string directory, string path, string? expected) =>
        Assert.That(WorkspacePaths.RelativeTo(directory, path), Is.EqualTo(expected));

    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
