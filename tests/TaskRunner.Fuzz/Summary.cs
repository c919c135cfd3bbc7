using System.Globalization;

namespace TaskRunner.Fuzz;

/// <summary>The figures of a fuzz run, passed from worker processes to the driver as one line.</summary>
public sealed class Summary
{
    public long Inputs { get; set; }
    public long Crashes { get; set; }
    public long Hangs { get; set; }
    public long MemoryBreaches { get; set; }
    public double SlowestMs { get; set; }
    public long SlowestIndex { get; set; } = -1;
    public long MaxAllocated { get; set; }
    public long MaxAllocatedIndex { get; set; } = -1;
    public long PeakWorkingSet { get; set; }
    public double TotalMs { get; set; }
    public long Next { get; set; }
    public long Excluded { get; set; }
    public long Known { get; set; }

    public long Failures => Crashes + Hangs + MemoryBreaches;

    public void Record(FuzzInput input, Outcome outcome)
    {
        Inputs++;
        TotalMs += outcome.Milliseconds;
        switch (outcome.Status)
        {
            case Outcome.Crash: Crashes++; break;
            case Outcome.Hang: Hangs++; break;
            case Outcome.Memory: MemoryBreaches++; break;
        }
        if (outcome.Milliseconds > SlowestMs) (SlowestMs, SlowestIndex) = (outcome.Milliseconds, input.Index);
        if (outcome.AllocatedBytes > MaxAllocated) (MaxAllocated, MaxAllocatedIndex) = (outcome.AllocatedBytes, input.Index);
    }

    public void Add(Summary other)
    {
        Inputs += other.Inputs;
        Crashes += other.Crashes;
        Hangs += other.Hangs;
        MemoryBreaches += other.MemoryBreaches;
        Excluded += other.Excluded;
        Known += other.Known;
        TotalMs += other.TotalMs;
        if (other.SlowestMs > SlowestMs) (SlowestMs, SlowestIndex) = (other.SlowestMs, other.SlowestIndex);
        if (other.MaxAllocated > MaxAllocated) (MaxAllocated, MaxAllocatedIndex) = (other.MaxAllocated, other.MaxAllocatedIndex);
        PeakWorkingSet = Math.Max(PeakWorkingSet, other.PeakWorkingSet);
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Format() => string.Create(Invariant,
        $"SUMMARY {Inputs} {Crashes} {Hangs} {MemoryBreaches} {SlowestMs:0.0} {SlowestIndex} {MaxAllocated} {MaxAllocatedIndex} {PeakWorkingSet} {TotalMs:0.0} {Next} {Excluded} {Known}");

    public static Summary Parse(string line)
    {
        var f = line.Split(' ');
        return new Summary
        {
            Inputs = long.Parse(f[1], Invariant), Crashes = long.Parse(f[2], Invariant), Hangs = long.Parse(f[3], Invariant),
            MemoryBreaches = long.Parse(f[4], Invariant), SlowestMs = double.Parse(f[5], Invariant), SlowestIndex = long.Parse(f[6], Invariant),
            MaxAllocated = long.Parse(f[7], Invariant), MaxAllocatedIndex = long.Parse(f[8], Invariant), PeakWorkingSet = long.Parse(f[9], Invariant),
            TotalMs = double.Parse(f[10], Invariant), Next = long.Parse(f[11], Invariant), Excluded = long.Parse(f[12], Invariant), Known = long.Parse(f[13], Invariant),
        };
    }

    public string Describe() =>
        FormattableString.Invariant($"inputs {Inputs}: crashes {Crashes}, hangs {Hangs}, memory breaches {MemoryBreaches}") +
        (Excluded > 0 ? FormattableString.Invariant($" ({Excluded} more excluded)") : "") +
        (Known > 0 ? FormattableString.Invariant($"; known failures (tests/fuzz/known-failures.txt) {Known}") : "") + "\n" +
        FormattableString.Invariant($"slowest input: #{SlowestIndex}, {SlowestMs:0} ms; mean {(Inputs == 0 ? 0 : TotalMs / Inputs):0.00} ms\n") +
        FormattableString.Invariant($"most allocated by one input: #{MaxAllocatedIndex}, {MaxAllocated / (1024.0 * 1024):0.0} MiB\n") +
        FormattableString.Invariant($"peak working set of a worker process: {PeakWorkingSet / (1024.0 * 1024):0} MiB");
}
