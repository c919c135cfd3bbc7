namespace TaskRunner.Execution.Running;

/// <summary>An in-process <c>docker manifest</c>: the arguments after <c>manifest</c>; returns the exit code.</summary>
public delegate Task<int> ManifestCommand(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
