using System.Text;
using CliWrap;
using CliWrap.Buffered;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary>
/// <see cref="IBuildKitBuilder"/> through the docker CLI: <c>docker buildx build --load --progress plain ARGS</c>.
/// Fails with a clear message when the docker CLI or its buildx plugin is missing.
/// </summary>
/// <param name="dockerCli">The docker CLI to call: a name looked up on PATH, or a path.</param>
public sealed class BuildxCliBuilder(string dockerCli = "docker") : IBuildKitBuilder
{
    private readonly SemaphoreSlim _probe = new(1, 1);
    private bool? _available;

    public async Task BuildAsync(BuildKitBuild build, Action<string> output, CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken).ConfigureAwait(false))
            throw new EngineException($"build: DOCKER_BUILDKIT asks for BuildKit, but '{dockerCli} buildx' is not installed; install the docker buildx plugin or remove DOCKER_BUILDKIT (or set it to 0) to use the classic builder");
        var result = await Cli.Wrap(dockerCli)
            // Plain progress: one line per event, as the step's output is streamed line by line.
            .WithArguments(new[] { "buildx", "build", "--load", "--progress", "plain" }.Concat(build.Arguments))
            .WithWorkingDirectory(build.WorkingDirectory)
            .WithEnvironmentVariables(build.Environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(output, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(output, Encoding.UTF8))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new EngineException($"docker buildx build exited with code {result.ExitCode}");
    }

    private async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        await _probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_available is { } known) return known;
            try
            {
                var probe = await Cli.Wrap(dockerCli).WithArguments(["buildx", "version"])
                    .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
                _available = probe.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                _available = false;
            }
            return _available.Value;
        }
        finally
        {
            _probe.Release();
        }
    }
}
