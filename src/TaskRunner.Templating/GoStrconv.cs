using TaskRunner.Templating.Values;

namespace TaskRunner.Templating;

/// <summary>Go's strconv number parsing, for callers that must read text exactly as a Go program would.</summary>
public static class GoStrconv
{
    /// <summary>strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b or leading-0 octal prefixes; null when invalid or out of range.</summary>
    public static long? ParseInt(string s) => Numbers.ParseInteger(s);

    /// <summary>strconv.ParseUint(s, 0, 64); null when invalid or out of range.</summary>
    public static ulong? ParseUint(string s) => Numbers.ParseUnsigned(s);

    /// <summary>strconv.ParseFloat(s, 64): Go float syntax, inf and nan words; null when invalid or out of range.</summary>
    public static double? ParseFloat(string s) => Numbers.ParseFloat(s);
}
