using System.Net;

namespace TaskRunner.Registry;

/// <summary>
/// Fixed addresses for registry hosts, as curl's --resolve gives them: <c>HOST[:PORT]=ADDRESS</c>, comma-separated.
/// A key with a port applies to that port only; a key without one to every port of the host.
/// </summary>
public static class HostAddressOverrides
{
    public const string EnvironmentVariable = "TASKRUNNER_REGISTRY_RESOLVE";

    public static IReadOnlyDictionary<string, IPAddress> FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text ? Parse(text) : Empty;

    private static readonly IReadOnlyDictionary<string, IPAddress> Empty = new Dictionary<string, IPAddress>();

    /// <exception cref="FormatException">An entry is not HOST[:PORT]=ADDRESS with an IP address.</exception>
    public static IReadOnlyDictionary<string, IPAddress> Parse(string text)
    {
        var result = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals <= 0 || !IPAddress.TryParse(entry[(equals + 1)..].Trim('[', ']'), out var address))
                throw new FormatException($"{EnvironmentVariable}: '{entry}' is not HOST[:PORT]=ADDRESS (an IP address)");
            result[entry[..equals]] = address;
        }
        return result;
    }

    /// <summary>The address for <paramref name="host"/> (<c>name:port</c> as connected to), or null to resolve the name.</summary>
    public static IPAddress? Find(IReadOnlyDictionary<string, IPAddress> overrides, string host, int port) =>
        overrides.Count == 0 ? null
        : overrides.TryGetValue($"{host}:{port}", out var exact) ? exact
        : overrides.TryGetValue(host, out var any) ? any : null;
}
