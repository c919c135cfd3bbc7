using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/TaskRunner.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TaskRunner.Benchmarks.LoadBenchmarks).Assembly).Run(args);
