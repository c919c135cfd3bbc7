namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// Reports progress on the caller's thread, in order (unlike <see cref="Progress{T}"/>, which posts to the thread pool
/// and can reorder lines).
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
