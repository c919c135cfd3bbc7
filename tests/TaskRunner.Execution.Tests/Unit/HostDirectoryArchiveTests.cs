using System.Formats.Tar;
using NUnit.Framework;
using TaskRunner.Execution.Archives;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class HostDirectoryArchiveTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("taskrunner-ctx-").FullName;
        foreach (var file in new[] { "Dockerfile", "app/main.sh", "app/debug.log", "node_modules/x/index.js", "docs/a.md", "docs/keep.md" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, file))!);
            File.WriteAllText(Path.Combine(_dir, file), file);
        }
        File.WriteAllText(Path.Combine(_dir, ".dockerignore"), "node_modules\n**/*.log\ndocs\n!docs/keep.md\nDockerfile\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public async Task The_tar_holds_what_dockerignore_lets_through_plus_the_build_files()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"taskrunner-dockerfile-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(outside, "FROM scratch\n");
        try
        {
            var archive = new HostDirectoryArchive(_dir, DockerIgnore.Load(_dir), ["Dockerfile", ".dockerignore"], [new(".dockerfile.outside", outside)]);
            using var buffer = new MemoryStream();
            await archive.WriteAsync(buffer, CancellationToken.None);
            buffer.Position = 0;
            var names = new List<string>();
            using (var reader = new TarReader(buffer))
                while (reader.GetNextEntry() is { } entry)
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile) names.Add(entry.Name);
            Assert.That(names, Is.EquivalentTo(new[] { ".dockerignore", "Dockerfile", "app/main.sh", "docs/keep.md", ".dockerfile.outside" }));
            Assert.That(archive.FileCount, Is.EqualTo(5));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Test]
    public async Task Sockets_in_the_source_are_skipped_as_docker_skips_them()
    {
        var socketPath = Path.Combine(_dir, "app", "agent.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        var archive = new HostDirectoryArchive(_dir, DockerIgnore.Load(_dir), [], []);
        using var buffer = new MemoryStream();
        await archive.WriteAsync(buffer, CancellationToken.None);
        buffer.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(buffer))
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.That(names, Does.Contain("app/main.sh").And.Not.Contain("app/agent.sock"));
    }
}
