using TaskRunner.Cli;

return await TaskRunnerApp.RunAsync(args);
