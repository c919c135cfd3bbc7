using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TaskRunner.Execution.Events;

/// <summary>
/// Holds secret values and the common encodings of each, and replaces every occurrence of any of them in a text with
/// <see cref="Placeholder"/>. Besides the raw value it looks for: base64 and base64url of its UTF-8 bytes (whole, its
/// lines when a tool wraps it at 76 or 64 columns, and the stable inner part of each of the three byte alignments it
/// can have inside a longer encoded text), URL encoding (<see cref="Uri.EscapeDataString"/>, with <c>+</c> for
/// spaces, and with lower-case hex digits), JSON string escaping (as System.Text.Json writes it, by default and
/// relaxed) and hex (lower and upper case) of its UTF-8 bytes. A value of several lines (a key file, a certificate) is
/// also masked line by line, because step output reaches the masker one line at a time.
/// </summary>
/// <remarks>
/// Values shorter than <see cref="MinimumLength"/> characters are not secrets to mask (they would hide ordinary text);
/// neither are encodings that short, nor short encodings that read as an ordinary word or number (a 3- to 5-character
/// base64 fragment of a short secret can be <c>the</c> or <c>2024</c>). Overlapping and adjacent matches are merged into
/// one placeholder, so a secret never shows through partly. Immutable, so safe to share between threads.
/// </remarks>
public sealed partial class SecretMasker
{
    public const string Placeholder = "***";

    /// <summary>Secrets and encodings shorter than this are not masked.</summary>
    public const int MinimumLength = 3;

    /// <summary>Lines of a value of several lines shorter than this are not masked on their own.</summary>
    public const int MinimumLineLength = 8;

    /// <summary>An encoding shorter than this that is only letters shaped as a word, or only digits, is not masked.</summary>
    private const int WordLikeLength = 6;

    /// <summary>The columns at which common tools wrap base64 (coreutils and busybox <c>base64</c>; <c>openssl base64</c>).</summary>
    private static readonly int[] WrapWidths = [76, 64];

    private readonly string[] _variants;
    private readonly SearchValues<string>? _search;

    public SecretMasker(IEnumerable<string> secrets)
    {
        var variants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            if (secret is null || secret.Length < MinimumLength) continue;
            variants.Add(secret);
            foreach (var line in secret.Split('\n'))
            {
                var text = line.Trim();
                // A line of a key or certificate is long; a short or punctuation-only one (`---`, `}`) would hide
                // ordinary output everywhere.
                if (text.Length < secret.Length && text.Length >= MinimumLineLength && text.Any(char.IsLetterOrDigit)) variants.Add(text);
            }
            foreach (var encoded in EncodingsOf(secret))
                if (encoded.Length >= MinimumLength && !IsWordLike(encoded)) variants.Add(encoded);
        }
        // Longest first: at a position where several match, the longest wins.
        _variants = variants.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        _search = _variants.Length == 0 ? null : SearchValues.Create(_variants, StringComparison.Ordinal);
    }

    /// <summary>Whether there is nothing to mask (no secret long enough).</summary>
    public bool IsEmpty => _variants.Length == 0;

    /// <summary>Every text that is masked: the secrets and their encodings, longest first.</summary>
    public IReadOnlyList<string> Variants => _variants;

    /// <summary>The longest text that is masked (0 when none): a piece of a line needs this many characters minus one of what follows it.</summary>
    public int LongestVariant => _variants.Length == 0 ? 0 : _variants[0].Length;

    /// <summary>The text with every secret and encoding of one replaced by <see cref="Placeholder"/>; the same instance when none occurs.</summary>
    public string Mask(string text)
    {
        if (_search is null || string.IsNullOrEmpty(text)) return text;
        return Mask(text, text.AsSpan(), text.Length, 0, out _);
    }

    /// <summary>
    /// Masks one piece of a line that reaches the masker in pieces (<see cref="StepOutput.Continues"/>), so that a secret
    /// straddling two pieces is hidden in both. <paramref name="coveredPrefix"/> is how many of the piece's first
    /// characters a match in the previous piece already covers (its <paramref name="coveredNext"/>);
    /// <paramref name="next"/> is the start of the next piece (empty for the line's last piece): a match starting in this
    /// piece may end in it (<see cref="LongestVariant"/> minus one characters of it are enough).
    /// </summary>
    public string MaskPiece(string piece, int coveredPrefix, ReadOnlySpan<char> next, out int coveredNext)
    {
        coveredNext = Math.Max(0, coveredPrefix - piece.Length);
        if (_search is null || (piece.Length == 0 && coveredPrefix == 0)) return piece;
        var lookahead = next[..Math.Min(next.Length, Math.Max(0, LongestVariant - 1))];
        if (lookahead.IsEmpty) return Mask(piece, piece.AsSpan(), piece.Length, coveredPrefix, out coveredNext);
        var joined = new char[piece.Length + lookahead.Length];
        piece.AsSpan().CopyTo(joined);
        lookahead.CopyTo(joined.AsSpan(piece.Length));
        return Mask(piece, joined, piece.Length, coveredPrefix, out coveredNext);
    }

    /// <summary>
    /// Masks the first <paramref name="length"/> characters of <paramref name="text"/> (those of <paramref name="original"/>;
    /// the rest of <paramref name="text"/> only completes matches that start before it). Positions before
    /// <paramref name="coveredPrefix"/> count as matched; <paramref name="coveredNext"/> is how far past
    /// <paramref name="length"/> the last match reaches.
    /// </summary>
    private string Mask(string original, ReadOnlySpan<char> text, int length, int coveredPrefix, out int coveredNext)
    {
        coveredNext = Math.Max(0, coveredPrefix - length);
        if (length == 0) return original;
        var first = text.IndexOfAny(_search!);
        if (first >= length) first = -1;
        if (first < 0 && coveredPrefix <= 0) return original;

        var result = new StringBuilder(length);
        var copied = 0;
        int start = -1, end = -1; // the current run of overlapping or adjacent matches
        if (coveredPrefix > 0) (start, end) = (0, coveredPrefix);
        for (var position = first; position >= 0;)
        {
            var length1 = LongestMatchAt(text[position..]);
            if (start >= 0 && position > end)
            {
                result.Append(text[copied..start]).Append(Placeholder);
                copied = end;
                start = -1;
            }
            if (start < 0) (start, end) = (position, position + length1);
            else end = Math.Max(end, position + length1);

            // Keep looking from the next character, so a match starting inside this one extends the run.
            var next = position + 1 >= text.Length ? -1 : text[(position + 1)..].IndexOfAny(_search!);
            position = next < 0 || position + 1 + next >= length ? -1 : position + 1 + next;
        }
        if (end > length)
        {
            coveredNext = end - length;
            end = length;
        }
        result.Append(text[copied..start]).Append(Placeholder).Append(text[end..length]);
        return result.ToString();
    }

    private int LongestMatchAt(ReadOnlySpan<char> text)
    {
        foreach (var variant in _variants)
            if (text.StartsWith(variant, StringComparison.Ordinal)) return variant.Length;
        throw new InvalidOperationException("IndexOfAny reported a match that no variant makes");
    }

    /// <summary>The encodings of one secret that are masked along with it (before the length and word filters).</summary>
    internal static IEnumerable<string> EncodingsOf(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);

        var base64 = Convert.ToBase64String(bytes);
        yield return base64;
        yield return ToBase64Url(base64.TrimEnd('='));
        // A long value printed by `base64` (76 columns) or `openssl base64` (64): its lines.
        foreach (var width in WrapWidths)
            for (var at = 0; base64.Length > width && at < base64.Length; at += width)
                yield return base64[at..Math.Min(at + width, base64.Length)];
        foreach (var inner in Base64InnerParts(bytes))
        {
            yield return inner;
            yield return ToBase64Url(inner);
        }

        var escaped = Uri.EscapeDataString(secret);
        yield return escaped;
        yield return escaped.Replace("%20", "+", StringComparison.Ordinal);
        var lowerHex = PercentEscape().Replace(escaped, m => m.Value.ToLowerInvariant());
        yield return lowerHex;
        yield return lowerHex.Replace("%20", "+", StringComparison.Ordinal);

        yield return JsonEncodedText.Encode(secret).ToString();
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

        yield return Convert.ToHexStringLower(bytes);
        yield return Convert.ToHexString(bytes);
    }

    /// <summary>
    /// Inside a longer base64 text the secret's bytes start at offset 0, 1 or 2 of a 3-byte group, and each alignment
    /// encodes them differently. For each, the characters that depend only on the secret's bytes: those after the
    /// characters shared with the bytes before it, and before the character shared with the bytes after it.
    /// </summary>
    private static IEnumerable<string> Base64InnerParts(byte[] bytes)
    {
        for (var before = 0; before < 3; before++)
        {
            var shifted = new byte[before + bytes.Length];
            bytes.CopyTo(shifted, before);
            var encoded = Convert.ToBase64String(shifted);
            var skip = (before * 8 + 5) / 6;            // characters that carry bits of the bytes before: 0, 2 or 3
            var stable = shifted.Length * 8 / 6;         // characters made only of known bits
            if (stable > skip) yield return encoded[skip..stable];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("%[0-9A-F]{2}")]
    private static partial System.Text.RegularExpressions.Regex PercentEscape();

    private static string ToBase64Url(string base64) => base64.Replace('+', '-').Replace('/', '_');

    /// <summary>Whether a short encoding could be ordinary text: a word (lower, upper or capitalised letters) or a number.</summary>
    private static bool IsWordLike(string encoded)
    {
        if (encoded.Length >= WordLikeLength) return false;
        if (encoded.All(char.IsAsciiDigit)) return true;
        if (!encoded.All(char.IsAsciiLetter)) return false;
        var rest = encoded[1..];
        return rest.All(char.IsAsciiLetterLower) || encoded.All(char.IsAsciiLetterUpper);
    }
}
