using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>The dry twin of every port: a run over these describes its calls as "would ..." lines and makes none.</summary>
public static class DryRunPorts
{
    /// <param name="observer">Where the "would ..." lines go.</param>
    /// <param name="givenCredentials">The credentials given on the command line only (never a store that runs helpers).</param>
    public static RunPorts Create(IRunObserver observer, ICredentialSource givenCredentials) => new()
    {
        Engine = new DryRunEngine(observer),
        BuildKit = new DryRunBuildKitBuilder(observer),
        Manifests = new DryRunManifestTool(observer),
        Credentials = new DryRunCredentialSource(observer, givenCredentials),
        Git = new DryRunGitFetcher(observer),
        DryRun = true,
    };
}
