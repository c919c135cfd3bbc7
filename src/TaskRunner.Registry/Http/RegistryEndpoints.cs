using System.Net;

namespace TaskRunner.Registry;

/// <summary>How a registry host is spoken to.</summary>
public enum RegistryScheme
{
    /// <summary>HTTPS with the certificate verified: every registry not named below.</summary>
    Https,
    /// <summary>An insecure registry (docker's --insecure): HTTPS without verification, else plain HTTP, as docker tries them.</summary>
    InsecureHttpsThenHttp,
    /// <summary>Plain HTTP: localhost, 127.0.0.0/8 and ::1.</summary>
    Http,
}

/// <summary>Which scheme a registry host is spoken to with.</summary>
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

    public static RegistryScheme Scheme(string host, RegistryClientOptions options) =>
        IsLoopback(host) ? RegistryScheme.Http
        : options.AllowInsecure || options.InsecureRegistries.Any(r => string.Equals(Auth.RegistryHosts.Normalise(r), host, StringComparison.OrdinalIgnoreCase))
            ? RegistryScheme.InsecureHttpsThenHttp
            : RegistryScheme.Https;
}
