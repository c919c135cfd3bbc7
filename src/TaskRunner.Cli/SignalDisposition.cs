using System.Runtime.InteropServices;

namespace TaskRunner.Cli;

/// <summary>
/// A shell starts background jobs (<c>taskrunner run ... &amp;</c>, a CI script's background step) with SIGINT ignored,
/// and .NET then leaves it ignored, so <c>kill -INT</c> could not stop a run and have it clean up. Go programs (the
/// docker CLI, acb) take SIGINT back when they ask for it; TaskRunner does the same, before .NET sets up its signal
/// handling, so the run's Ctrl+C handler receives it.
/// </summary>
internal static class SignalDisposition
{
    private const int SigInt = 2; // the same number on Linux and macOS
    private static readonly IntPtr SigDfl = IntPtr.Zero;
    private static readonly IntPtr SigIgn = new(1);

    public static void TakeBackInterrupt()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        try
        {
            var previous = Signal(SigInt, SigDfl);
            // Anything but "ignored" (a handler of the host's) is put back as it was.
            if (previous != SigIgn) Signal(SigInt, previous);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No C library to ask: SIGINT stays as inherited.
        }
    }

    // DllImport, not LibraryImport: the signature is blittable and the project has no unsafe code to allow.
    [DllImport("libc", EntryPoint = "signal")]
#pragma warning disable SYSLIB1054
    private static extern IntPtr Signal(int signal, IntPtr handler);
#pragma warning restore SYSLIB1054
}
