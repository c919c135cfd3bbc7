using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Adapters.DryRun;

/// <summary>
/// For <c>--dry-run</c>: the credentials given on the command line (<paramref name="given"/>, which only reads memory);
/// for any other registry it says it would look them up and runs no credential helper.
/// </summary>
public sealed class DryRunCredentialSource(IRunObserver observer, ICredentialSource given) : ICredentialSource
{
    private readonly HashSet<string> _said = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RegistryAuth?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        if (await given.GetAsync(registry, cancellationToken).ConfigureAwait(false) is { } auth) return auth;
        bool first;
        lock (_said) first = _said.Add(registry);
        if (first) observer.OnEvent(new RunMessage($"would look up credentials for {registry} in the docker config"));
        return null;
    }
}
