using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Unit;

/// <summary>The per-id run lock, on real lock files in the temporary folder.</summary>
[TestFixture]
public sealed class RunLockTests
{
    [Test]
    public async Task A_second_run_with_the_same_id_waits_for_the_first_and_says_so_once()
    {
        var id = "lock-test-" + Guid.NewGuid().ToString("N")[..8];
        var first = await RunLock.AcquireAsync(id, new RecordingObserver(), CancellationToken.None);
        var observer = new RecordingObserver();
        var second = RunLock.AcquireAsync(id, observer, CancellationToken.None);
        await Task.Delay(1000);
        Assert.That(second.IsCompleted, Is.False, "the lock is held by the first run");
        Assert.That(observer.Events.OfType<RunMessage>().Select(m => m.Text).ToList(),
            Is.EqualTo(new[] { $"another run with id {id} is still going or cleaning up on this machine: waiting for it to end" }));
        first.Dispose();
        using var taken = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(observer.Events.OfType<RunMessage>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_lock_of_an_id_made_for_the_run_leaves_no_file_and_a_given_id_keeps_its_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "taskrunner-runs-" + RunNames.Sanitise(Environment.UserName));
        var made = "lock-made-" + Guid.NewGuid().ToString("N")[..8];
        using (await RunLock.AcquireAsync(made, new RecordingObserver(), CancellationToken.None, deleteOnRelease: true))
            Assert.That(File.Exists(Path.Combine(folder, made + ".lock")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, made + ".lock")), Is.False, "no run can wait for an id made for one run");

        var given = "lock-given-" + Guid.NewGuid().ToString("N")[..8];
        using (await RunLock.AcquireAsync(given, new RecordingObserver(), CancellationToken.None)) { }
        // A given id's file stays: deleting it could let a waiting run and a new one each lock a different file.
        Assert.That(File.Exists(Path.Combine(folder, given + ".lock")), Is.True);
        File.Delete(Path.Combine(folder, given + ".lock"));
    }

    [Test]
    public void Only_a_lock_held_by_another_counts_as_held_not_a_file_that_cannot_be_opened()
    {
        var path = Path.Combine(Path.GetTempPath(), "runlock-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var refused = Assert.Throws<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose())!;
            Assert.That(RunLock.IsHeldByAnother(refused), Is.True, $"{refused.HResult}: {refused.Message}");
        }
        finally
        {
            File.Delete(path);
        }
        // What a read-only file system (EROFS) or an I/O error (EIO) gives: waiting for them would never end.
        Assert.That(RunLock.IsHeldByAnother(new IOException("Read-only file system", 30)), Is.False);
        Assert.That(RunLock.IsHeldByAnother(new IOException("Input/output error", 5)), Is.False);
        Assert.That(RunLock.IsHeldByAnother(new FileNotFoundException("gone")), Is.False);
    }
}
