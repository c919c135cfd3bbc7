using System.Formats.Tar;
using NUnit.Framework;
using TaskRunner.Execution.Run;
using TaskRunner.TestSupport;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// Files reach a volume through a never-started helper container, removed after the copy without the caller waiting
/// for it. Whatever needs the helper gone waits for it: removing the volume, another copy into the same volume (its
/// helper has the same name), disposing the engine.
/// </summary>
[TestFixture]
public sealed class VolumeHelperTests : EngineTest
{
    private string Volume => $"taskrunner-{RunId}-volume-helpertest";

    private static Func<Stream, CancellationToken, Task> OneFile(string name, string content) => async (stream, ct) =>
    {
        await using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) }, ct);
    };

    private async Task<string?> ReadAsync(string path)
    {
        string? text = null;
        var found = await Engine.ReadFromVolumeAsync(Volume, path, new RunNames(RunId).Labels, async (tar, ct) =>
        {
            var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(cancellationToken: ct) is { } entry)
                if (entry.DataStream is { } data) text = await new StreamReader(data).ReadToEndAsync(ct);
        }, CancellationToken.None);
        return found ? text : null;
    }

    [Test]
    public async Task A_volume_copied_into_and_read_can_be_removed_at_once_and_leaves_no_helper()
    {
        var labels = new RunNames(RunId).Labels;
        await Engine.CreateVolumeAsync(Volume, labels, CancellationToken.None);
        await Engine.CopyIntoVolumeAsync(Volume, labels, OneFile("a.txt", "one"), CancellationToken.None);
        Assert.That(await ReadAsync("a.txt"), Is.EqualTo("one"));

        // Without waiting for the helpers, the engine would refuse: "volume is in use".
        await Engine.RemoveVolumeAsync(Volume, CancellationToken.None);

        Assert.That(await DockerCli.ObjectsNamedAsync(RunId), Is.Empty);
    }

    [Test]
    public async Task Two_copies_into_one_volume_in_a_row_both_land()
    {
        var labels = new RunNames(RunId).Labels;
        await Engine.CreateVolumeAsync(Volume, labels, CancellationToken.None);
        try
        {
            await Engine.CopyIntoVolumeAsync(Volume, labels, OneFile("a.txt", "one"), CancellationToken.None);
            // The second helper has the first one's name: it is made once the first is gone.
            await Engine.CopyIntoVolumeAsync(Volume, labels, OneFile("b.txt", "two"), CancellationToken.None);

            Assert.That(await ReadAsync("a.txt"), Is.EqualTo("one"));
            Assert.That(await ReadAsync("b.txt"), Is.EqualTo("two"));
        }
        finally
        {
            await Engine.RemoveVolumeAsync(Volume, CancellationToken.None);
        }
    }

    [Test]
    public async Task Disposing_the_engine_waits_for_helpers_on_their_way_out()
    {
        var labels = new RunNames(RunId).Labels;
        await Engine.CreateVolumeAsync(Volume, labels, CancellationToken.None);
        try
        {
            using (var engine = await Adapters.Docker.DockerEngineConnector.ConnectAsync(CancellationToken.None))
                await engine.CopyIntoVolumeAsync(Volume, labels, OneFile("a.txt", "one"), CancellationToken.None);

            var (_, containers) = await DockerCli.RunAsync("ps", "-a", "--format", "{{.Names}}", "--filter", "name=" + RunId);
            Assert.That(containers.Trim(), Is.Empty);
        }
        finally
        {
            await Engine.RemoveVolumeAsync(Volume, CancellationToken.None);
        }
    }
}
