using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Cli.Reporting;
using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Tasks.Planning;
using TaskRunner.Registry.Names;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// Base of the tests that run tasks on the real engine (tests/infra/services.sh up). Each test gets its own run id;
/// after it, nothing carrying that id may be left on the engine, and the images and registry tags it made are removed.
/// </summary>
[Category("Integration")]
public abstract class EngineTest
{
    protected DockerEngine Engine { get; private set; } = null!;
    protected string RunId { get; private set; } = null!;
    protected RecordingObserver Events { get; private set; } = null!;
    private readonly List<RunResult> _results = [];
    private readonly List<string> _images = [];
    private readonly List<string> _registryImages = [];
    private string? _source;

    /// <summary>A source directory of the test's own, made on first use and removed after the test.</summary>
    protected string Source => _source ??= Directory.CreateTempSubdirectory("taskrunner-it-").FullName;

    /// <summary>Writes the task into <see cref="Source"/> as acr-task.yaml (what `taskrunner run` finds) and returns the directory.</summary>
    protected string WithTask(string yaml)
    {
        File.WriteAllText(Path.Combine(Source, "acr-task.yaml"), yaml);
        return Source;
    }

    /// <summary>Options of a run whose source is <see cref="Source"/>, with short push retry delays.</summary>
    protected RunOptions Options => new() { SourceDirectory = Source, PushRetryDelay = TimeSpan.FromMilliseconds(200) };

    /// <summary>Each step's status and error, for assertion messages.</summary>
    protected static string Errors(RunResult r) => string.Join("; ", r.Steps.Select(s => $"{s.StepId}: {s.Status} {s.Error}"));

    [SetUp]
    public async Task ConnectAsync()
    {
        Engine = await DockerEngineConnector.ConnectAsync(CancellationToken.None);
        RunId = "it" + Guid.NewGuid().ToString("N")[..10];
        Events = new RecordingObserver();
        _results.Clear();
        _images.Clear();
        _registryImages.Clear();
    }

    /// <summary>An image (tag or id) the test made or pulled itself, removed after the images its runs built (its children).</summary>
    protected void RemoveAfterTest(string image) => _images.Add(image);

    /// <summary>A tag the test pushed to a registry without auth, whose manifest is deleted after the test.</summary>
    protected void DeleteFromRegistryAfterTest(string image) => _registryImages.Add(image);


    [TearDown]
    public async Task CleanUpAndCheckNothingIsLeftAsync()
    {
        try
        {
            var leftovers = await DockerCli.ObjectsNamedAsync(RunId);
            var labelled = await Engine.ListLabelledAsync(RunNames.RunLabel, RunId, CancellationToken.None);
            foreach (var result in _results)
            {
                foreach (var tag in result.ImagesBuilt.SelectMany(i => i.Tags)) await DockerCli.RunAsync("rmi", "-f", tag);
                foreach (var pushed in result.ImagesPushed.Where(p => p.Digest is not null)) await DeleteFromRegistryAsync(pushed.Image, pushed.Digest!);
            }
            foreach (var image in Enumerable.Reverse(_images)) await DockerCli.RunAsync("rmi", "-f", image);
            foreach (var image in _registryImages)
            {
                var reference = ImageReference.Parse(image);
                using var registry = new RegistryApi(reference.Registry);
                await registry.DeleteTagAsync(reference.Repository, reference.Tag ?? "latest");
            }
            Assert.That(leftovers, Is.Empty, "engine objects named after the run id were left");
            Assert.That(labelled.IsEmpty, Is.True, "engine objects labelled with the run id were left");
        }
        finally
        {
            Engine.Dispose();
            if (_source is not null) Directory.Delete(_source, true);
            _source = null;
        }
    }

    protected Task<RunResult> RunAsync(ExecutionPlan plan, RunOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(plan, options, TestPorts.For(Engine), cancellationToken);

    protected async Task<RunResult> RunAsync(ExecutionPlan plan, RunOptions options, RunPorts ports, CancellationToken cancellationToken = default)
    {
        var result = await new RunExecutor(ports, new CompositeObserver(Events, new PlainLogObserver(TestContext.Out, TestContext.Out, new StepColors(false), verbose: false))).ExecuteAsync(plan, options, cancellationToken);
        _results.Add(result);
        return result;
    }

    protected Task<RunResult> RunSampleAsync(string sample, Func<RunOptions, RunOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var directory = Repository.Sample(sample);
        var plan = Plans.LoadFile(Path.Combine(directory, "acr-task.yaml"), RunId, Repository.Registry);
        var options = new RunOptions { SourceDirectory = directory, PushRetryDelay = TimeSpan.FromMilliseconds(200) };
        return RunAsync(plan, configure?.Invoke(options) ?? options, cancellationToken);
    }

    protected static StepResult Step(RunResult result, string id) => result.Steps.Single(s => s.StepId == id);

    private static async Task DeleteFromRegistryAsync(string image, string digest)
    {
        var reference = ImageReference.Parse(image);
        using var registry = new RegistryApi(reference.Registry);
        await registry.DeleteAsync(reference.Repository, digest);
    }
}
