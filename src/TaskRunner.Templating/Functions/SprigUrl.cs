using System.Text;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's urlParse and urlJoin on Go's net/url: the URL split into a dict, and a dict joined into a URL.</summary>
internal static class SprigUrl
{
    public static void Register(FunctionTable t)
    {
        t.Add("urlParse", 1, 1, (a, _) => Parse(Args.String(a, 0)));
        t.Add("urlJoin", 1, 1, (a, _) => Join(Args.Map(a, 0)));
    }

    private enum Mode { Path, Host, Zone, UserPassword, Fragment }

    private sealed class UrlException(string message) : Exception(message);

    /// <summary>The parts of a URL as Go's url.URL holds them (Path and Fragment unescaped, the query raw).</summary>
    private sealed record Url(string Scheme, string Opaque, string? User, string? Password, string Host, string Path, string RawQuery, string Fragment);

    private static Dictionary<string, object?> Parse(string raw)
    {
        Url url;
        try { url = ParseUrl(raw); }
        catch (UrlException e) { throw FunctionException.Failed($"unable to parse url: {e.Message}"); }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["scheme"] = url.Scheme,
            ["host"] = url.Host,
            ["hostname"] = Hostname(url.Host),
            ["path"] = url.Path,
            ["query"] = url.RawQuery,
            ["opaque"] = url.Opaque,
            ["fragment"] = url.Fragment,
            ["userinfo"] = url.User is null ? "" : UserInfo(url.User, url.Password),
        };
    }

    /// <summary>url.Parse: scheme, then ?query, then //authority (user@host:port) and the path; #fragment cut off first.</summary>
    private static Url ParseUrl(string raw)
    {
        var hash = raw.IndexOf('#');
        var (body, fragment) = hash < 0 ? (raw, "") : (raw[..hash], raw[(hash + 1)..]);
        Url url;
        try { url = ParseBody(body); }
        catch (UrlException e) { throw new UrlException($"parse {GoFormat.Quote(body)}: {e.Message}"); }
        try { return url with { Fragment = Unescape(fragment, Mode.Fragment) }; }
        catch (UrlException e) { throw new UrlException($"parse {GoFormat.Quote(raw)}: {e.Message}"); }
    }

    private static Url ParseBody(string raw)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7F)) throw new UrlException("net/url: invalid control character in URL");
        if (raw == "*") return new Url("", "", null, null, "", "*", "", "");
        var (scheme, rest) = SplitScheme(raw);
        scheme = scheme.ToLowerInvariant();
        var rawQuery = "";
        var q = rest.IndexOf('?');
        if (q >= 0) (rest, rawQuery) = (rest[..q], rest[(q + 1)..]);
        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0) return new Url(scheme, rest, null, null, "", "", rawQuery, "");
            var slash = rest.IndexOf('/');
            if ((slash < 0 ? rest : rest[..slash]).Contains(':')) throw new UrlException("first path segment in URL cannot contain colon");
        }
        string? user = null, password = null;
        var host = "";
        if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            (authority, rest) = slash < 0 ? (authority, "") : (authority[..slash], authority[slash..]);
            (user, password, host) = ParseAuthority(authority);
        }
        return new Url(scheme, "", user, password, host, Unescape(rest, Mode.Path), rawQuery, "");
    }

    private static (string Scheme, string Remainder) SplitScheme(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) return ("", raw);
                continue;
            }
            if (c == ':')
            {
                if (i == 0) throw new UrlException("missing protocol scheme");
                return (raw[..i], raw[(i + 1)..]);
            }
            return ("", raw);
        }
        return ("", raw);
    }

    private static (string? User, string? Password, string Host) ParseAuthority(string authority)
    {
        var at = authority.LastIndexOf('@');
        var host = ParseHost(at < 0 ? authority : authority[(at + 1)..]);
        if (at < 0) return (null, null, host);
        var userinfo = authority[..at];
        if (!userinfo.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c)))
            throw new UrlException("net/url: invalid userinfo");
        var colon = userinfo.IndexOf(':');
        if (colon < 0) return (Unescape(userinfo, Mode.UserPassword), null, host);
        return (Unescape(userinfo[..colon], Mode.UserPassword), Unescape(userinfo[(colon + 1)..], Mode.UserPassword), host);
    }

    private static string ParseHost(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) throw new UrlException("missing ']' in host");
            var port = host[(close + 1)..];
            if (!ValidOptionalPort(port)) throw new UrlException($"invalid port {GoFormat.Quote(port)} after host");
            var zone = host.IndexOf("%25", 0, close, StringComparison.Ordinal);
            if (zone >= 0) return Unescape(host[..zone], Mode.Host) + Unescape(host[zone..close], Mode.Zone) + Unescape(host[close..], Mode.Host);
        }
        else if (host.LastIndexOf(':') is var colon and >= 0 && !ValidOptionalPort(host[colon..]))
        {
            throw new UrlException($"invalid port {GoFormat.Quote(host[colon..])} after host");
        }
        return Unescape(host, Mode.Host);
    }

    private static bool ValidOptionalPort(string port) => port.Length == 0 || (port[0] == ':' && port[1..].All(char.IsAsciiDigit));

    private static string Hostname(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..])) host = host[..colon];
        return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
    }

    /// <summary>Go's unescape: %XX sequences decoded as bytes; an invalid one is an error, as are characters a host cannot hold.</summary>
    private static string Unescape(string s, Mode mode)
    {
        var bytes = new List<byte>();
        var utf8 = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b == '%')
            {
                if (i + 2 >= utf8.Length || HexValue(utf8[i + 1]) < 0 || HexValue(utf8[i + 2]) < 0)
                    throw new UrlException($"invalid URL escape {GoFormat.Quote(Encoding.UTF8.GetString(utf8, i, Math.Min(3, utf8.Length - i)))}");
                var escape = Encoding.ASCII.GetString(utf8, i, 3);
                if (mode == Mode.Host && HexValue(utf8[i + 1]) < 8 && escape != "%25") throw new UrlException($"invalid URL escape {GoFormat.Quote(escape)}");
                bytes.Add((byte)(HexValue(utf8[i + 1]) * 16 + HexValue(utf8[i + 2])));
                i += 2;
                continue;
            }
            if (mode is Mode.Host or Mode.Zone && b < 0x80 && ShouldEscape(b, mode))
                throw new UrlException($"invalid character {GoFormat.Quote(((char)b).ToString())} in host name");
            bytes.Add(b);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Go's shouldEscape for the parts urlJoin writes.</summary>
    private static bool ShouldEscape(byte c, Mode mode)
    {
        if (char.IsAsciiLetterOrDigit((char)c)) return false;
        if (mode is Mode.Host or Mode.Zone && "!$&'()*+,;=:[]<>\"".Contains((char)c)) return false;
        if (c is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~') return false;
        if ("$&+,/:;=?@".Contains((char)c))
        {
            return mode switch
            {
                Mode.Path => c == '?',
                Mode.UserPassword => c is (byte)'@' or (byte)'/' or (byte)'?' or (byte)':',
                Mode.Fragment => false,
                _ => true,
            };
        }
        return mode != Mode.Fragment || c is not ((byte)'!' or (byte)'(' or (byte)')' or (byte)'*');
    }

    private static string Escape(string s, Mode mode)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (ShouldEscape(b, mode)) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append((char)b);
        }
        return sb.ToString();
    }

    private static string UserInfo(string user, string? password) =>
        Escape(user, Mode.UserPassword) + (password is null ? "" : ":" + Escape(password, Mode.UserPassword));

    /// <summary>Sprig's urlJoin: url.URL{...}.String() from the dict's string entries (a missing one is "").</summary>
    private static string Join(object dict)
    {
        string Get(string key)
        {
            if (!Maps.TryGet(dict, key, out var value, out var found) || !found) return "";
            if (value is null) throw FunctionException.Failed("runtime error: invalid memory address or nil pointer dereference");
            return value as string ?? throw FunctionException.Failed($"unable to parse {key} key, must be of type string, but {GoKinds.KindName(value)} found");
        }
        string scheme = Get("scheme"), host = Get("host"), path = Get("path"), query = Get("query"), opaque = Get("opaque"), fragment = Get("fragment");
        var userinfo = Get("userinfo");
        string? user = null, password = null;
        if (userinfo.Length > 0)
        {
            try { (user, password, _) = ParseAuthority(userinfo + "@host"); }
            catch (UrlException e) { throw FunctionException.Failed($"unable to parse userinfo in dict: parse {GoFormat.Quote("proto://" + userinfo + "@host")}: {e.Message}"); }
        }
        var sb = new StringBuilder();
        if (scheme.Length > 0) sb.Append(scheme).Append(':');
        if (opaque.Length > 0)
        {
            sb.Append(opaque);
        }
        else
        {
            if ((scheme.Length > 0 || host.Length > 0 || user is not null) && (host.Length > 0 || path.Length > 0 || user is not null)) sb.Append("//");
            if (user is not null) sb.Append(UserInfo(user, password)).Append('@');
            if (host.Length > 0) sb.Append(Escape(host, Mode.Host));
            var escapedPath = path == "*" ? "*" : Escape(path, Mode.Path);
            if (escapedPath.Length > 0 && escapedPath[0] != '/' && host.Length > 0) sb.Append('/');
            if (sb.Length == 0 && escapedPath.Split('/')[0].Contains(':')) sb.Append("./");
            sb.Append(escapedPath);
        }
        if (query.Length > 0) sb.Append('?').Append(query);
        if (fragment.Length > 0) sb.Append('#').Append(Escape(fragment, Mode.Fragment));
        return sb.ToString();
    }
}
