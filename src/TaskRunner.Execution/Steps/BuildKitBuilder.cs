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
/// <param name="dockerCli">The docker CLI to call: a name looked up on PATH, or a path.</param>
public sealed class BuildKitBuilder(string dockerCli = "docker")
{
    private readonly SemaphoreSlim _probe = new(1, 1);
    private bool? _available;

    public async Task BuildAsync(PlannedStep step, string sourceDirectory, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken).ConfigureAwait(false))
            throw new StepFailedException($"build: DOCKER_BUILDKIT=1 asks for BuildKit, but '{dockerCli} buildx' is not installed; install the docker buildx plugin or remove DOCKER_BUILDKIT=1 to use the classic builder");
        var words = ShellWords.Split(step.Definition.Command ?? "").ToList();
        if (words.Count >= 2 && words[0] == "docker" && words[1] == "build") words.RemoveRange(0, 2);
        var env = step.Env.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => (string?)p[1]);
        var result = await Cli.Wrap(dockerCli)
            // Plain progress: one line per event, as the step's output is streamed line by line.
            .WithArguments(new[] { "buildx", "build", "--load", "--progress", "plain" }.Concat(words))
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
