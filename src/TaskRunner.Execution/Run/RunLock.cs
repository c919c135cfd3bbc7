using TaskRunner.Execution.Events;

namespace TaskRunner.Execution.Run;

/// <summary>
/// One run at a time per run id on this machine: a run holds an exclusive lock on a file named after its id (in the
/// temporary folder) from before it creates anything until its clean-up is done; the system releases it when the
/// process ends, however it ends. A second run with the same id (say, started while the first still cleans up after
/// an interrupt) waits for it, so neither removes or collides with what the other creates.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream? _file;

    private RunLock(FileStream? file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="runId"/>, waiting (and saying so once) while another run holds it. Where the
    /// lock file cannot be made or opened at all (a read-only temporary folder or file system) the run goes on without it.
    /// </summary>
    /// <param name="deleteOnRelease">The id was made for this run, so no other run can wait for it: the lock file is deleted when released.</param>
    public static async Task<RunLock> AcquireAsync(string runId, IRunObserver observer, CancellationToken cancellationToken, bool deleteOnRelease = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "taskrunner-runs-" + RunNames.Sanitise(Environment.UserName));
        var path = Path.Combine(folder, RunNames.Sanitise(runId) + ".lock");
        var told = false;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(folder);
                // FileShare.None is an exclusive advisory lock (flock) on Unix, held until the file is closed.
                return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                    deleteOnRelease ? FileOptions.DeleteOnClose : FileOptions.None));
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                if (!told)
                {
                    observer.OnEvent(new RunMessage($"another run with id {runId} is still going or cleaning up on this machine: waiting for it to end"));
                    told = true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new RunLock(null);
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether opening the lock file failed because another process holds its lock (a sharing violation: the flock
    /// refused with EWOULDBLOCK on Unix, ERROR_SHARING_VIOLATION on Windows), as opposed to the file being unusable
    /// (a read-only file system, an I/O error), where waiting would never end.
    /// </summary>
    public static bool IsHeldByAnother(IOException e) => e.GetType() == typeof(IOException) && e.HResult switch
    {
        SharingViolation => true,
        _ when OperatingSystem.IsLinux() => e.HResult == 11,
        _ when OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() => e.HResult == 35,
        _ => false,
    };

    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>
    /// Takes the lock of <paramref name="runId"/> if no run holds it, without waiting: null while a run with that id is
    /// still going (or cleaning up) on this machine.
    /// </summary>
    public static RunLock? TryAcquire(string runId)
    {
        var folder = Path.Combine(Path.GetTempPath(), "taskrunner-runs-" + RunNames.Sanitise(Environment.UserName));
        var path = Path.Combine(folder, RunNames.Sanitise(runId) + ".lock");
        try
        {
            Directory.CreateDirectory(folder);
            // A lock file made here (no run with this id since the temporary folder was emptied) goes when released.
            var made = !File.Exists(path);
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                made ? FileOptions.DeleteOnClose : FileOptions.None));
        }
        catch (IOException e) when (IsHeldByAnother(e)) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new RunLock(null); }
    }

    public void Dispose() => _file?.Dispose();
}
