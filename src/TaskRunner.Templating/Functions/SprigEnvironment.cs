using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig v2.22.0's functions that read the host: env and expandenv (the environment of the process rendering the
/// task, as acb reads its own) and getHostByName (a DNS lookup).
/// </summary>
internal static class SprigEnvironment
{
    public static void Register(FunctionTable t)
    {
        t.Add("env", 1, 1, (a, _) => Getenv(Args.String(a, 0)));
        t.Add("expandenv", 1, 1, (a, _) => ExpandEnv(Args.String(a, 0)));
        t.Add("getHostByName", 1, 1, (a, _) => GetHostByName(Args.String(a, 0)));
    }

    /// <summary>Go's os.Getenv: the variable's value, "" when it is not set.</summary>
    private static string Getenv(string name) =>
        name.Length == 0 || name.Contains('=') ? "" : Environment.GetEnvironmentVariable(name) ?? "";

    /// <summary>
    /// Go's os.ExpandEnv: <c>$name</c> (ASCII letters, digits, '_') and <c>${anything}</c> replaced by the variable
    /// (unset is ""); <c>$</c> followed by one of <c>*#$@!?-0123456789</c> is that one-character name; <c>${}</c> and
    /// an unclosed <c>${</c> are dropped; a <c>$</c> before anything else, or at the end, stays.
    /// </summary>
    private static string ExpandEnv(string s)
    {
        var sb = new StringBuilder(s.Length);
        var i = 0;
        for (var j = 0; j < s.Length; j++)
        {
            if (s[j] != '$' || j + 1 >= s.Length) continue;
            sb.Append(s, i, j - i);
            var (name, width) = ShellName(s, j + 1);
            if (name.Length == 0 && width > 0)
            {
                // Invalid syntax: the characters are eaten.
            }
            else if (name.Length == 0)
            {
                sb.Append('$');
            }
            else
            {
                sb.Append(Getenv(name));
            }
            j += width;
            i = j + 1;
        }
        return sb.Append(s, i, s.Length - i).ToString();
    }

    private static bool IsShellSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' or (>= '0' and <= '9');

    private static bool IsAlphaNum(char c) => c is '_' or (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>Go's os.getShellName: the name after a '$' at start and how many characters it takes.</summary>
    private static (string Name, int Width) ShellName(string s, int start)
    {
        if (s[start] == '{')
        {
            if (s.Length - start > 2 && IsShellSpecial(s[start + 1]) && s[start + 2] == '}') return (s.Substring(start + 1, 1), 3);
            for (var k = start + 1; k < s.Length; k++)
            {
                if (s[k] != '}') continue;
                return k == start + 1 ? ("", 2) : (s[(start + 1)..k], k - start + 1);
            }
            return ("", 1);
        }
        if (IsShellSpecial(s[start])) return (s.Substring(start, 1), 1);
        var end = start;
        while (end < s.Length && IsAlphaNum(s[end])) end++;
        return (s[start..end], end - start);
    }

    /// <summary>
    /// Sprig v2's getHostByName: one of the host's addresses, chosen at random (an IP address is itself). A name that
    /// does not resolve is an error, Go's panic in Sprig v2 (rand.Intn of no addresses).
    /// </summary>
    private static string GetHostByName(string name)
    {
        IPAddress[] addresses;
        try
        {
            // .NET resolves "" to the machine's own addresses; Go's LookupHost refuses it.
            addresses = name.Length == 0 ? [] : Dns.GetHostAddresses(name);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            addresses = [];
        }
        if (addresses.Length == 0) throw FunctionException.Failed("invalid argument to Intn");
        return addresses[Random.Shared.Next(addresses.Length)].ToString();
    }
}
