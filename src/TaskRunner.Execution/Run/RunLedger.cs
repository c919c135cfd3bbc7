using System.Collections.Concurrent;
using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Run;

/// <summary>What a run has created and produced so far; written by parallel steps, read at clean-up and for the summary.</summary>
public sealed class RunLedger
{
    private readonly ConcurrentQueue<string> _containers = new();
    private readonly ConcurrentQueue<Task> _background = new();
    private readonly ConcurrentQueue<Task> _removals = new();
    private readonly ConcurrentQueue<BuiltImage> _built = new();
    private readonly ConcurrentQueue<PushedImage> _pushed = new();

    /// <summary>Containers left running or kept past their step (detach, keep), removed at the end of the run.</summary>
    public IReadOnlyList<string> Containers => _containers.ToList();
    public IReadOnlyList<BuiltImage> ImagesBuilt => _built.ToList();
    public IReadOnlyList<PushedImage> ImagesPushed => _pushed.ToList();
    /// <summary>Output readers of detached containers, ended by clean-up.</summary>
    public IReadOnlyList<Task> BackgroundTasks => _background.ToList();

    /// <summary>Container removals still in flight: a finished step's container is removed while the next step starts.</summary>
    public IReadOnlyList<Task> PendingRemovals => _removals.ToList();

    public void AddContainer(string id) => _containers.Enqueue(id);
    public void AddRemoval(Task removal) => _removals.Enqueue(removal);
    public void AddBackground(Task task) => _background.Enqueue(task);
    public void AddBuilt(BuiltImage image) => _built.Enqueue(image);
    public void AddPushed(PushedImage image) => _pushed.Enqueue(image);
}
