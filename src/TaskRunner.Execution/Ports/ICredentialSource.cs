
namespace TaskRunner.Execution.Ports;

/// <summary>The credentials known for a registry host (null when none are), as the engine presents them.</summary>
public interface ICredentialSource
{
    Task<RegistryAuth?> GetAsync(string registry, CancellationToken cancellationToken);
}
