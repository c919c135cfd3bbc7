namespace TaskRunner.Execution.Steps.Build;

/// <summary>
/// Keeps classic builds of one base image for different platforms apart. The engine holds one image per tag, so a
/// build that pulls a multi-platform base for arm64 moves the tag that a parallel amd64 build may be about to resolve
/// its <c>FROM</c> with. Builds of a base for the same platform share it; a build for another platform waits until they
/// have finished. Builds without <c>--platform</c> take no lock and are exactly as parallel as before.
/// </summary>
public static class PlatformBaseLocks
{
    private sealed class Entry
    {
        public string? Platform;
        public int Holders;
        public readonly List<TaskCompletionSource> Waiters = [];
    }

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Holds every base for the platform (taken in one order, so two builds cannot wait on each other) until disposed.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(IEnumerable<string> bases, string platform, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        try
        {
            foreach (var image in bases.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
            {
                await AcquireOneAsync(image, platform, cancellationToken).ConfigureAwait(false);
                held.Add(image);
            }
        }
        catch
        {
            foreach (var image in held) Release(image);
            throw;
        }
        return new Holding(held);
    }

    private static async Task AcquireOneAsync(string image, string platform, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (Entries)
            {
                if (!Entries.TryGetValue(image, out var entry)) Entries[image] = entry = new Entry();
                if (entry.Holders == 0 || string.Equals(entry.Platform, platform, StringComparison.OrdinalIgnoreCase))
                {
                    entry.Platform = platform;
                    entry.Holders++;
                    return;
                }
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                entry.Waiters.Add(waiter);
                wait = waiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Release(string image)
    {
        List<TaskCompletionSource> wake;
        lock (Entries)
        {
            var entry = Entries[image];
            if (--entry.Holders > 0) return;
            wake = [.. entry.Waiters];
            Entries.Remove(image);
        }
        foreach (var waiter in wake) waiter.TrySetResult();
    }

    private sealed class Holding(List<string> images) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                foreach (var image in images) Release(image);
            return ValueTask.CompletedTask;
        }
    }
}
