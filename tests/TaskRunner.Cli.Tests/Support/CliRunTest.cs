using TaskRunner.Registry.Names;

namespace TaskRunner.Cli.Tests.Support;

/// <summary>
/// Base of the tests that run the built taskrunner on the real engine (tests/infra/services.sh up). Each test gets
/// its own run id and source directory; after it, nothing named after or labelled with that id may be left on the
/// engine (checked with the docker CLI, not with TaskRunner's code), and the images and registry tags it made are removed.
/// </summary>
[Category("Integration")]
public abstract class CliRunTest
{
    /// <summary>The label TaskRunner puts on everything a run creates.</summary>
    private const string RunLabel = "io.taskrunner.run";

    private readonly List<string> _images = [];
    private readonly List<string> _registryImages = [];
    private string? _source;

    protected string RunId { get; private set; } = null!;

    /// <summary>A source directory of the test's own, made on first use and removed after the test.</summary>
    protected string Source => _source ??= Directory.CreateTempSubdirectory("taskrunner-it-").FullName;

    /// <summary>Writes the task into <see cref="Source"/> as acr-task.yaml (what `taskrunner run` finds) and returns the directory.</summary>
    protected string WithTask(string yaml)
    {
        File.WriteAllText(Path.Combine(Source, "acr-task.yaml"), yaml);
        return Source;
    }

    /// <summary>An image (tag or id) the test made, pulled or built, removed after the test (last added first).</summary>
    protected void RemoveAfterTest(string image) => _images.Add(image);

    /// <summary>A tag the test pushed to a registry without auth, whose manifest is deleted after the test.</summary>
    protected void DeleteFromRegistryAfterTest(string image) => _registryImages.Add(image);

    [SetUp]
    public void NewRun()
    {
        RunId = "it" + Guid.NewGuid().ToString("N")[..10];
        _images.Clear();
        _registryImages.Clear();
    }

    [TearDown]
    public async Task CleanUpAndCheckNothingIsLeftAsync()
    {
        try
        {
            var named = await DockerCli.ObjectsNamedAsync(RunId);
            var labelled = await DockerCli.ObjectsLabelledAsync(RunLabel, RunId);
            foreach (var image in Enumerable.Reverse(_images)) await DockerCli.RunAsync("rmi", "-f", image);
            foreach (var image in _registryImages)
            {
                var reference = ImageReference.Parse(image);
                using var registry = new RegistryApi(reference.Registry);
                await registry.DeleteTagAsync(reference.Repository, reference.Tag ?? "latest");
            }
            Assert.That(named, Is.Empty, "engine objects named after the run id were left");
            Assert.That(labelled, Is.Empty, "engine objects labelled with the run id were left");
        }
        finally
        {
            if (_source is not null) Directory.Delete(_source, true);
            _source = null;
        }
    }
}
