using TaskRunner.Tasks.Model;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps;

/// <summary>
/// Builds through <c>docker buildx build --load</c> (BuildKit), used when a build step sets DOCKER_BUILDKIT=1 as in
/// ACR. Fails with a clear message when the docker CLI or its buildx plugin is missing.
/// </summary>
public sealed class BuildKitBuilder
{
    private readonly SemaphoreSlim _probe = new(1, 1);
    private bool? _available;

    public async Task BuildAsync(PlannedStep step, string sourceDirectory, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken).ConfigureAwait(false))
            throw new StepFailedException("build: DOCKER_BUILDKIT=1 asks for BuildKit, but 'docker buildx' is not installed; install the docker buildx plugin or remove DOCKER_BUILDKIT=1 to use the classic builder");
        var words = ShellWords.Split(step.Definition.Command ?? "").ToList();
        if (words.Count >= 2 && words[0] == "docker" && words[1] == "build") words.RemoveRange(0, 2);
        var env = step.Env.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => (string?)p[1]);
        var result = await Cli.Wrap("docker")
            .WithArguments(new[] { "buildx", "build", "--load" }.Concat(words))
            .WithWorkingDirectory(sourceDirectory)
            .WithEnvironmentVariables(env)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => attempt.Output(l, false), Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => attempt.Output(l, false), Encoding.UTF8))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new StepFailedException($"docker buildx build exited with code {result.ExitCode}");
    }

    private async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        await _probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_available is { } known) return known;
            try
            {
                var probe = await Cli.Wrap("docker").WithArguments(["buildx", "version"])
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
