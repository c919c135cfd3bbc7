using TaskRunner.Cli;

// First, before anything sets up .NET's signal handling: a background job's SIGINT must still stop a run cleanly.
SignalDisposition.TakeBackInterrupt();
return await TaskRunnerApp.RunAsync(args);
