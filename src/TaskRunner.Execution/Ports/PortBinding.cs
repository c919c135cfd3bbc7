namespace TaskRunner.Execution.Ports;

/// <summary>A published port: <c>[hostIp:][hostPort:]containerPort[/protocol]</c> as in <c>docker run -p</c>.</summary>
public sealed record PortBinding(string ContainerPort, string Protocol, string? HostIp, string? HostPort)
{
    /// <summary>Parses one <c>-p</c> value; throws <see cref="FormatException"/> with a readable message.</summary>
    public static PortBinding Parse(string text)
    {
        var value = text.Trim();
        var protocol = "tcp";
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = value[(slash + 1)..].ToLowerInvariant();
            value = value[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
                throw new FormatException($"port '{text}': protocol must be tcp, udp or sctp");
        }
        // An IPv6 host address is written in brackets: [::1]:8080:80.
        string? hostIp = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0) throw new FormatException($"port '{text}': unclosed '[' in the host address");
            hostIp = value[1..close];
            value = value[(close + 1)..].TrimStart(':');
            var parts6 = value.Split(':');
            return parts6.Length == 2
                ? Checked(text, new PortBinding(parts6[1], protocol, hostIp, NullIfEmpty(parts6[0])))
                : throw new FormatException($"port '{text}': expected [host-ip]:host-port:container-port");
        }
        var parts = value.Split(':');
        var binding = parts.Length switch
        {
            1 => new PortBinding(parts[0], protocol, null, null),
            2 => new PortBinding(parts[1], protocol, null, NullIfEmpty(parts[0])),
            3 => new PortBinding(parts[2], protocol, NullIfEmpty(parts[0]), NullIfEmpty(parts[1])),
            _ => throw new FormatException($"port '{text}': expected [host-ip:][host-port:]container-port[/protocol]"),
        };
        return Checked(text, binding);
    }

    /// <summary>The engine's key for the container side, e.g. <c>80/tcp</c>.</summary>
    public string Key => $"{ContainerPort}/{Protocol}";

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static PortBinding Checked(string text, PortBinding binding)
    {
        if (!IsPort(binding.ContainerPort)) throw new FormatException($"port '{text}': '{binding.ContainerPort}' is not a port number");
        if (binding.HostPort is { } host && !IsPort(host) && !IsRange(host))
            throw new FormatException($"port '{text}': '{host}' is not a port number");
        return binding;
    }

    private static bool IsPort(string s) => int.TryParse(s, out var p) && p is > 0 and <= 65535;
    private static bool IsRange(string s) => s.Split('-') is [var a, var b] && IsPort(a) && IsPort(b);
}
