using System.Net;

namespace TaskRunner.Registry;

/// <summary>Which scheme a registry host is spoken to with: HTTPS, or HTTP for loopback and insecure hosts.</summary>
public static class RegistryEndpoints
{
    public static bool IsLoopback(string host)
    {
        var name = host;
        if (name.StartsWith('['))
            name = name[1..name.IndexOf(']')];
        else if (name.Count(c => c == ':') == 1)
            name = name[..name.IndexOf(':')];
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address);
    }

    public static Uri BaseUri(string host, RegistryClientOptions options)
    {
        var insecure = options.AllowInsecure || IsLoopback(host)
            || options.InsecureRegistries.Any(r => string.Equals(Auth.RegistryHosts.Normalise(r), host, StringComparison.OrdinalIgnoreCase));
        return new Uri($"{(insecure ? "http" : "https")}://{host}/");
    }
}
