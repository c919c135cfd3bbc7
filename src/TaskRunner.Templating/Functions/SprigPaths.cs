namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's slash-separated path functions (Go's path package) and its environment functions (env, expandenv).</summary>
internal static class SprigPaths
{
    public static void Register(FunctionTable t)
    {
        t.Add("base", 1, 1, (a, _) => Base(Args.String(a, 0)));
        t.Add("dir", 1, 1, (a, _) => Dir(Args.String(a, 0)));
        t.Add("clean", 1, 1, (a, _) => Clean(Args.String(a, 0)));
        t.Add("ext", 1, 1, (a, _) => Ext(Args.String(a, 0)));
        t.Add("isAbs", 1, 1, (a, _) => Args.String(a, 0).StartsWith('/'));
    }

    /// <summary>path.Clean: the shortest equivalent path, by lexical processing of '.', '..' and repeated slashes.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>path.Base: the last element, trailing slashes removed; "." for "" and "/" for only slashes.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0) return ".";
        path = path.TrimEnd('/');
        if (path.Length == 0) return "/";
        return path[(path.LastIndexOf('/') + 1)..];
    }

    /// <summary>path.Dir: everything before the last element, cleaned.</summary>
    public static string Dir(string path) => Clean(path[..(path.LastIndexOf('/') + 1)]);

    /// <summary>path.Ext: the suffix from the last '.' in the last element, or "".</summary>
    public static string Ext(string path)
    {
        for (var i = path.Length - 1; i >= 0 && path[i] != '/'; i--)
            if (path[i] == '.') return path[i..];
        return "";
    }

    /// <summary>
    /// os.ExpandEnv: $NAME and ${NAME} replaced by the variable's value ("" when unset); $ before anything else stays;
    /// the special one-character names ($1, $*, $#...) are looked up too; a malformed ${ is dropped.
    /// </summary>
    public static string ExpandEnv(string s, Func<string, string> lookup)
    {
        var sb = new System.Text.StringBuilder();
        var start = 0;
        for (var j = 0; j < s.Length; j++)
        {
            if (s[j] != '$' || j + 1 >= s.Length) continue;
            sb.Append(s, start, j - start);
            var (name, width) = ShellName(s.AsSpan(j + 1));
            if (name.Length == 0 && width == 0) sb.Append('$');
            else if (name.Length > 0) sb.Append(lookup(name));
            j += width;
            start = j + 1;
        }
        return start == 0 ? s : sb.Append(s, start, s.Length - start).ToString();
    }

    private static bool IsSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' or (>= '0' and <= '9');

    private static (string Name, int Width) ShellName(ReadOnlySpan<char> s)
    {
        if (s[0] == '{')
        {
            if (s.Length > 2 && IsSpecial(s[1]) && s[2] == '}') return (s[1].ToString(), 3);
            for (var i = 1; i < s.Length; i++)
                if (s[i] == '}') return i == 1 ? ("", 2) : (s[1..i].ToString(), i + 1);
            return ("", 1);
        }
        if (IsSpecial(s[0])) return (s[0].ToString(), 1);
        var n = 0;
        while (n < s.Length && (char.IsAsciiLetterOrDigit(s[n]) || s[n] == '_')) n++;
        return (s[..n].ToString(), n);
    }
}
