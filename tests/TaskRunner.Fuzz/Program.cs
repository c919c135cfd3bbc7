using System.Diagnostics;
using System.Globalization;
using TaskRunner.Fuzz;

// The fuzz driver. Not a CI test: tests/fuzz/fuzz.sh N SEED runs it; FuzzSampleTests runs a fixed-seed sample in CI.
//
//   run N SEED [--start K] [--chunk C] [--crashes DIR] [--timeout-ms T] [--memory-mb M] [--exclude R1,R2]
//       runs inputs K..K+N-1 of SEED in child processes of C inputs each; a child that meets a hang or a memory
//       breach saves the input and exits, and the next child resumes after it. Prints the figures at the end.
//       --exclude skips inputs whose recipe names one of the given mutations (to finish a run while a known
//       failure class waits for its fix; the count skipped is printed).
//   worker SEED FROM TO CRASHES TIMEOUT_MS MEMORY_MB [EXCLUDE]
//       (internal) runs inputs FROM..TO-1 in this process and prints a SUMMARY line.
//   replay FOLDER...
//       runs saved inputs again and prints what happens.
var invariant = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskRunner.Fuzz run N SEED [--start K] [--chunk C] [--crashes DIR] [--timeout-ms T] [--memory-mb M] | replay FOLDER...");
    return 2;
}
var root = Corpus.RepositoryRoot();
switch (args[0])
{
    case "run":
        {
            var count = long.Parse(args[1], invariant);
            var seed = int.Parse(args[2], invariant);
            string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            var start = long.Parse(Option("--start", "0"), invariant);
            var chunk = long.Parse(Option("--chunk", "5000"), invariant);
            var crashes = Path.GetFullPath(Option("--crashes", Path.Combine(root, "tests", "fuzz", "crashes")));
            var timeoutMs = Option("--timeout-ms", "5000");
            var memoryMb = Option("--memory-mb", "2048");
            var exclude = Option("--exclude", "");
            var total = new Summary();
            var clock = Stopwatch.StartNew();
            var next = start;
            var end = start + count;
            while (next < end)
            {
                var to = Math.Min(end, next + chunk);
                var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in new[] { typeof(Summary).Assembly.Location, "worker", seed.ToString(invariant), next.ToString(invariant), to.ToString(invariant), crashes, timeoutMs, memoryMb, exclude })
                    info.ArgumentList.Add(a);
                using var child = Process.Start(info)!;
                Summary? part = null;
                var current = next;
                string? line;
                while ((line = child.StandardOutput.ReadLine()) is not null)
                {
                    if (line.StartsWith("SUMMARY ", StringComparison.Ordinal))
                    {
                        part = Summary.Parse(line);
                        Console.WriteLine(line);
                    }
                    else if (line.StartsWith("@ ", StringComparison.Ordinal)) current = long.Parse(line[2..], invariant);
                    else Console.WriteLine(line);
                }
                child.WaitForExit();
                if (part is null)
                {
                    // The process died (a stack overflow cannot be caught): the input it was on is a crash.
                    var input = new InputGenerator(Corpus.Load(root), seed).Generate(current);
                    var folder = CrashStore.Save(crashes, seed, input, new Outcome(Outcome.Crash, $"the process died (exit {child.ExitCode}): a stack overflow or a fatal runtime error", 0, -1));
                    Console.WriteLine($"crash: input {current} ({input.Recipe}) killed its worker process (exit {child.ExitCode}); saved to {folder}");
                    total.Crashes++;
                    total.Inputs += current - next + 1;
                    next = current + 1;
                    continue;
                }
                total.Add(part);
                next = part.Next;
                Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {total.Inputs} inputs, {total.Failures} failing; last chunk up to {next - 1}");
            }
            Console.WriteLine();
            Console.WriteLine($"seed {seed}, inputs {start}..{end - 1}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalMinutes:0.0} min");
            Console.WriteLine(total.Describe());
            return total.Failures == 0 ? 0 : 1;
        }
    case "worker":
        {
            var seed = int.Parse(args[1], invariant);
            var from = long.Parse(args[2], invariant);
            var to = long.Parse(args[3], invariant);
            var crashes = args[4];
            var timeout = TimeSpan.FromMilliseconds(int.Parse(args[5], invariant));
            var memory = long.Parse(args[6], invariant) * 1024 * 1024;
            var slowMs = timeout.TotalMilliseconds / 5;
            var exclude = args.Length > 7 && args[7].Length > 0 ? args[7].Split(',') : [];
            var generator = new InputGenerator(Corpus.Load(root), seed);
            var valuesPath = Path.Combine(Path.GetTempPath(), $"taskrunner-fuzz-{Environment.ProcessId}.values.yaml");
            var worker = new Worker(valuesPath);
            var known = KnownFailures.Load(Path.Combine(root, "tests", "fuzz", "known-failures.txt"));
            var summary = new Summary();
            var next = from;
            try
            {
                for (var i = from; i < to; i++)
                {
                    var input = generator.Generate(i);
                    if (exclude.Length > 0 && exclude.Any(e => input.Recipe.Contains(e, StringComparison.Ordinal)))
                    {
                        summary.Excluded++;
                        next = i + 1;
                        continue;
                    }
                    Console.WriteLine($"@ {i}");
                    var outcome = worker.Execute(input, timeout, memory, allocationLimit: memory);
                    next = i + 1;
                    if (outcome.Failed && known.Match(input, outcome) is { } why)
                    {
                        var folder = CrashStore.Save(crashes, seed, input, outcome with { Status = Outcome.Known, Detail = $"known ({why}): {outcome.Status}\n{outcome.Detail}" });
                        Console.WriteLine($"known {outcome.Status}: input {i} ({input.Recipe}) saved to {folder}: {why}");
                        summary.Known++;
                        summary.Inputs++;
                        if (worker.Broken) break;
                        continue;
                    }
                    summary.Record(input, outcome);
                    if (outcome.Failed)
                    {
                        var folder = CrashStore.Save(crashes, seed, input, outcome);
                        var first = outcome.Detail?.Split('\n')[0];
                        Console.WriteLine($"{outcome.Status}: input {i} ({input.Recipe}) saved to {folder}: {first}");
                    }
                    else if (outcome.Milliseconds > slowMs) Console.WriteLine($"slow: input {i} ({input.Recipe}) took {outcome.Milliseconds:0} ms, allocated {outcome.AllocatedBytes / (1024 * 1024)} MiB");
                    if (worker.Broken) break;
                    // Keep the working set a measure of the current input, not of garbage left by earlier ones.
                    if (outcome.AllocatedBytes > 256L * 1024 * 1024) GC.Collect();
                }
            }
            finally
            {
                summary.Next = next;
                summary.PeakWorkingSet = Math.Max(worker.PeakWorkingSet, Process.GetCurrentProcess().PeakWorkingSet64);
                Console.WriteLine(summary.Format());
                Console.Out.Flush();
                File.Delete(valuesPath);
            }
            if (worker.Broken) Environment.Exit(3);
            worker.Dispose();
            return 0;
        }
    case "replay":
        {
            var failures = 0;
            var valuesPath = Path.Combine(Path.GetTempPath(), $"taskrunner-fuzz-{Environment.ProcessId}.values.yaml");
            foreach (var folder in args.Skip(1))
            {
                var worker = new Worker(valuesPath);
                var outcome = worker.Execute(CrashStore.Read(folder), TimeSpan.FromSeconds(5), 2048L * 1024 * 1024, 2048L * 1024 * 1024);
                Console.WriteLine($"{folder}: {outcome.Status} in {outcome.Milliseconds:0} ms, {outcome.AllocatedBytes / 1024} KiB allocated");
                if (outcome.Detail is not null) Console.WriteLine(outcome.Detail);
                if (outcome.Failed) failures++;
                if (worker.Broken) break;
                worker.Dispose();
            }
            File.Delete(valuesPath);
            Environment.Exit(failures == 0 ? 0 : 1);
            return 0;
        }
    case "stages":
        {
            // Where a slow saved input spends its time: each stage of loading on its own.
            var input = CrashStore.Read(args[1]);
            void Time(string stage, Action action)
            {
                var clock = Stopwatch.StartNew();
                try { action(); Console.WriteLine($"{stage}: {clock.ElapsedMilliseconds} ms"); }
                catch (Exception e) { Console.WriteLine($"{stage}: {clock.ElapsedMilliseconds} ms, {e.GetType().Name}: {e.Message.Split('\n')[0]}"); }
            }
            string? rendered = null;
            Time("template", () => rendered = TaskRunner.Templating.GoTemplate.Render(input.TaskText, new Dictionary<string, object?>()));
            Time("yaml", () => TaskRunner.Tasks.Loading.Yaml.LenientYaml.Load(rendered ?? input.TaskText));
            if (input.ValuesText is not null) Time("values", () => TaskRunner.Tasks.Loading.Values.ValuesTree.FromYaml(input.ValuesText));
            Time("load", () => InputRunner.Run(input, Path.Combine(Path.GetTempPath(), $"taskrunner-fuzz-{Environment.ProcessId}.values.yaml")));
            return 0;
        }
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}
