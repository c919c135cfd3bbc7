using System.Security.Cryptography;
using System.Text;
using TaskRunner.GoEncoding;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's encodings (base64, base32, JSON), checksums, and UUIDs.</summary>
internal static class SprigEncoding
{
    public static void Register(FunctionTable t)
    {
        t.Add("b64enc", 1, 1, (a, _) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Base64Text(a[0]))));
        t.Add("b64dec", 1, 1, (a, _) => Base64Decode(Args.String(a, 0)));
        t.Add("toJson", 1, 1, (a, _) => ToJson(a[0]));
        t.Add("sha256sum", 1, 1, (a, _) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Args.String(a, 0)))));
        t.Add("toPrettyJson", 1, 1, (a, _) => PrettyJson(a[0]));
        t.Add("sha1sum", 1, 1, (a, _) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Args.String(a, 0)))));
        t.Add("adler32sum", 1, 1, (a, _) => Adler32(Encoding.UTF8.GetBytes(Args.String(a, 0))).ToString(System.Globalization.CultureInfo.InvariantCulture));
        t.Add("b32enc", 1, 1, (a, _) => Base32Encode(Encoding.UTF8.GetBytes(Args.String(a, 0))));
        t.Add("b32dec", 1, 1, (a, _) => Base32Decode(Args.String(a, 0)));
        t.Add("uuidv4", 0, 0, (_, _) => Guid.NewGuid().ToString("D"));
    }

    /// <summary>
    /// acb replaces Sprig's b64enc with its own, which takes any value: nil is "", a string is itself, and anything else
    /// is Go's reflect.Value.String() of it, <c>&lt;TYPE Value&gt;</c> (<c>b64enc 8</c> encodes <c>&lt;int Value&gt;</c>).
    /// </summary>
    private static string Base64Text(object? value) => value switch
    {
        null => "",
        string s => s,
        _ => $"<{GoKinds.TypeName(value)} Value>",
    };

    private static uint Adler32(byte[] data)
    {
        const uint mod = 65521;
        uint a = 1, b = 0;
        foreach (var d in data)
        {
            a = (a + d) % mod;
            b = (b + a) % mod;
        }
        return (b << 16) | a;
    }

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>RFC 4648 base32 with padding (Go's base32.StdEncoding).</summary>
    private static string Base32Encode(byte[] data)
    {
        var sb = new StringBuilder((data.Length + 4) / 5 * 8);
        for (var i = 0; i < data.Length; i += 5)
        {
            var count = Math.Min(5, data.Length - i);
            ulong block = 0;
            for (var j = 0; j < 5; j++) block = (block << 8) | (j < count ? data[i + j] : 0u);
            var chars = (count * 8 + 4) / 5;
            for (var j = 0; j < 8; j++) sb.Append(j < chars ? Base32Alphabet[(int)((block >> (35 - 5 * j)) & 31)] : '=');
        }
        return sb.ToString();
    }

    /// <summary>Go's base32.StdEncoding.DecodeString (line breaks ignored); like Sprig, a decoding error gives its text.</summary>
    private static string Base32Decode(string s)
    {
        var text = s.Replace("\r", "").Replace("\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i += 8)
        {
            if (text.Length - i < 8) return $"illegal base32 data at input byte {i}";
            var chunk = text.AsSpan(i, 8);
            var padding = chunk.Length - chunk.TrimEnd('=').Length;
            if (padding > 0 && i + 8 != text.Length) return $"illegal base32 data at input byte {i + 8 - padding}";
            if (padding is not (0 or 1 or 3 or 4 or 6)) return $"illegal base32 data at input byte {i + 8 - padding}";
            ulong block = 0;
            for (var j = 0; j < 8; j++)
            {
                var c = chunk[j];
                var value = c == '=' && j >= 8 - padding ? 0 : Base32Alphabet.IndexOf(c);
                if (value < 0) return $"illegal base32 data at input byte {i + j}";
                block = (block << 5) | (uint)value;
            }
            var count = padding switch { 0 => 5, 1 => 4, 3 => 3, 4 => 2, _ => 1 };
            for (var j = 0; j < count; j++) bytes.Add((byte)(block >> (32 - 8 * j)));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Sprig returns the decoding error's text instead of failing; so does this.</summary>
    private static string Base64Decode(string s) => GoBase64(s) is { } bytes ? Encoding.UTF8.GetString(bytes) : Base64Error(s);

    /// <summary>
    /// Go's base64.StdEncoding.DecodeString: padded standard base64 where only CR and LF may come between the
    /// characters (.NET also skips spaces and tabs, Go does not); null where Go returns an error.
    /// </summary>
    public static byte[]? GoBase64(string s)
    {
        if (s.Any(c => c is ' ' or '\t')) return null;
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return null; }
    }

    /// <summary>The text of Go's base64 error for input it could not decode (the first byte that is not base64).</summary>
    public static string Base64Error(string s)
    {
        var bad = 0;
        while (bad < s.Length && (char.IsAsciiLetterOrDigit(s[bad]) || s[bad] is '+' or '/' or '\r' or '\n')) bad++;
        return $"illegal base64 data at input byte {bad}";
    }

    /// <summary>Sprig's toJson: Go's json.Marshal; a value JSON cannot hold gives "".</summary>
    private static string ToJson(object? value)
    {
        try { return JsonMarshal.Marshal(value); }
        catch (InvalidOperationException) { return ""; }
    }

    /// <summary>Sprig's toPrettyJson: json.MarshalIndent(v, "", "  "), which is json.Indent of json.Marshal's text.</summary>
    private static string PrettyJson(object? value)
    {
        var json = ToJson(value);
        return json.Length == 0 ? "" : JsonIndenter.Indent(json, "  ");
    }
}
