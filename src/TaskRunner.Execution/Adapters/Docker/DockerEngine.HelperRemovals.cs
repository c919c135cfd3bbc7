using System.Collections.Concurrent;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// A volume helper (the never-started container the archive API reaches a volume through) is removed after its copy or
/// read without the caller waiting for it: the files are in place, and the removal (tens of milliseconds, more on a
/// busy engine) would otherwise sit between a run's set-up and its first container. Whatever needs the helper gone
/// waits for it: removing its volume, another helper on its volume, and disposing the engine.
/// </summary>
public sealed partial class DockerEngine
{
    private readonly ConcurrentDictionary<Task, string> _helperRemovals = new();

    /// <summary>Starts removing a helper of <paramref name="volume"/>; a failure is left to the run's clean-up (helpers carry the run's label).</summary>
    private void RemoveHelperInBackground(string helper, string volume)
    {
        var removal = Task.Run(async () =>
        {
            try { await RemoveContainerAsync(helper, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception)
            {
                // Whatever went wrong, the run's clean-up (or `taskrunner clean`) finds the helper by its label.
            }
        });
        _helperRemovals[removal] = volume;
        removal.ContinueWith(done => _helperRemovals.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until no helper of <paramref name="volume"/> (of any volume when null) is on its way out.</summary>
    private Task HelpersRemovedAsync(string? volume) =>
        Task.WhenAll(_helperRemovals.Where(r => volume is null || r.Value == volume).Select(r => r.Key).ToList());
}
