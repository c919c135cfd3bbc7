using System.Collections.Concurrent;

namespace TaskRunner.Execution.Steps.Cmd;

/// <summary>
/// Containers created ahead of their step, while the steps before it run, so a step's first attempt only starts its
/// container. A prepared container is used only when the step's image still resolves to the image it was created
/// from; otherwise (or when it was never used) it is removed. Nothing here is visible to the step's behaviour.
/// </summary>
public sealed class PreparedContainers
{
    private readonly ConcurrentDictionary<string, Task<PreparedContainer?>> _prepared = new(StringComparer.Ordinal);

    /// <summary>Starts creating the step's container unless one is already on its way; failures are silent (the step creates its own).</summary>
    public void Prepare(string stepId, Func<Task<PreparedContainer?>> create)
    {
        _prepared.GetOrAdd(stepId, _ => Task.Run(async () =>
        {
            try { return await create().ConfigureAwait(false); }
            catch (Exception) { return null; }
        }));
    }

    /// <summary>The step's prepared container, taken out of the set (null when none was prepared or it failed).</summary>
    public async Task<PreparedContainer?> TakeAsync(string stepId) =>
        _prepared.TryRemove(stepId, out var prepared) ? await prepared.ConfigureAwait(false) : null;

    /// <summary>Every prepared container no step took (their steps were skipped or cancelled).</summary>
    public async Task<IReadOnlyList<PreparedContainer>> TakeAllAsync()
    {
        var left = new List<PreparedContainer>();
        foreach (var key in _prepared.Keys.ToList())
            if (await TakeAsync(key).ConfigureAwait(false) is { } prepared) left.Add(prepared);
        return left;
    }
}

/// <summary>A container created ahead of its step, from the image with id <paramref name="ImageId"/>.</summary>
public sealed record PreparedContainer(string ContainerId, string ImageId);
