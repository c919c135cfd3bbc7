using TaskRunner.Execution.Adapters.Docker;
using TaskRunner.Execution.Adapters.Git;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Tests.Support;

/// <summary>The ports a test run uses: its engine (real or fake) with the real BuildKit and git adapters, no credentials and no in-process docker manifest unless given.</summary>
internal static class TestPorts
{
    public static RunPorts For(IContainerEngine engine, ICredentialSource? credentials = null, IManifestTool? manifests = null) => new()
    {
        Engine = engine,
        BuildKit = new BuildxCliBuilder(),
        Manifests = manifests,
        Credentials = credentials ?? new Credentials((_, _) => Task.FromResult<RegistryAuth?>(null)),
        Git = new GitCliFetcher(),
    };

    /// <summary>Credentials answered by a function.</summary>
    public sealed class Credentials(Func<string, CancellationToken, Task<RegistryAuth?>> get) : ICredentialSource
    {
        public Task<RegistryAuth?> GetAsync(string registry, CancellationToken cancellationToken) => get(registry, cancellationToken);
    }

    /// <summary>docker manifest answered by a function.</summary>
    public sealed class Manifests(Func<IReadOnlyList<string>, TextWriter, TextWriter, CancellationToken, Task<int>> run) : IManifestTool
    {
        public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
            run(arguments, stdout, stderr, cancellationToken);

        public void WarmUp(IReadOnlyList<IReadOnlyList<string>> commands, string runRegistry) { }
    }
}
