namespace TaskRunner.Registry.Auth;

/// <summary>A <c>WWW-Authenticate</c> challenge: <c>Basic realm="..."</c> or <c>Bearer realm="...",service="...",scope="..."</c>.</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Service => Parameters.GetValueOrDefault("service");
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var text = header.Trim();
        var space = text.IndexOf(' ');
        var scheme = space < 0 ? text : text[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? text.Length : space + 1;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ',')) i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    sb.Append(text[i]);
                    i++;
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            if (key.Length > 0) parameters[key] = value;
        }
        return new AuthChallenge(scheme, parameters);
    }
}
