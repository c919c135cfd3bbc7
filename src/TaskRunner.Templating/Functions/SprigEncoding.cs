using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's encodings (base64, JSON, SHA-256) and regular expressions.</summary>
internal static class SprigEncoding
{
    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    public static void Register(FunctionTable t)
    {
        t.Add("b64enc", 1, 1, (a, _) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Args.String(a, 0))));
        t.Add("b64dec", 1, 1, (a, _) => Base64Decode(Args.String(a, 0)));
        t.Add("toJson", 1, 1, (a, _) => ToJson(a[0]));
        t.Add("fromJson", 1, 1, (a, _) => FromJson(Args.String(a, 0)));
        t.Add("sha256sum", 1, 1, (a, _) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Args.String(a, 0)))));
        t.Add("regexMatch", 2, 2, (a, _) => Pattern(Args.String(a, 0)) is { } r && r.IsMatch(Args.String(a, 1)));
        t.Add("regexReplaceAll", 3, 3, (a, _) => RequiredPattern(Args.String(a, 0)).Replace(Args.String(a, 1), Args.String(a, 2)));
    }

    /// <summary>Sprig returns the decoding error's text instead of failing; so does this.</summary>
    private static string Base64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            var bad = 0;
            while (bad < s.Length && (char.IsAsciiLetterOrDigit(s[bad]) || s[bad] is '+' or '/')) bad++;
            return $"illegal base64 data at input byte {bad}";
        }
    }

    /// <summary>Sprig's toJson: Go's json.Marshal; a value JSON cannot hold gives "".</summary>
    private static string ToJson(object? value)
    {
        try { return GoJson.Marshal(value); }
        catch (InvalidOperationException) { return ""; }
    }

    /// <summary>Sprig's fromJson: a JSON object as a map; anything else (or invalid JSON) gives an empty map.</summary>
    private static object FromJson(string json)
    {
        try
        {
            if (GoJson.Parse(json) is Dictionary<string, object?> map) return map;
        }
        catch (JsonException)
        {
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    private static Regex? Pattern(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        try { return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException) { return null; }
    });

    private static Regex RequiredPattern(string pattern) =>
        Pattern(pattern) ?? throw FunctionException.Arguments($"invalid regular expression \"{pattern}\"");
}
