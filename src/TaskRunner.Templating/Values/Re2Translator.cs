using System.Globalization;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>A regular expression Go's regexp/syntax rejects; the message is Go's error text.</summary>
internal sealed class GoRegexException(string message) : Exception(message);

/// <summary>
/// Translates Go's RE2 syntax into an equivalent .NET pattern, rejecting what Go rejects with Go's error text.
/// Every Go capture group becomes a .NET group named by its Go number (<c>(?&lt;3&gt;...)</c>), so numbering follows
/// Go (left to right, named and unnamed alike). Go's ASCII-only <c>\d \w \s \b</c>, its <c>^ $ .</c> under the
/// <c>m</c>/<c>s</c> flags and its <c>(?U)</c> flag are emitted explicitly; literals and classes are escaped so .NET
/// never reads them differently (class subtraction, <c>\1</c> backreferences, <c>{01}</c> counts).
/// </summary>
internal sealed class Re2Translator
{
    private const string SurrogatePair = @"[\uD800-\uDBFF][\uDC00-\uDFFF]";
    private static readonly (int Lo, int Hi)[] Digits = [('0', '9')];
    private static readonly (int Lo, int Hi)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    private static readonly (int Lo, int Hi)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private const string WordClass = "[0-9A-Za-z_]";

    private static readonly Dictionary<string, (int Lo, int Hi)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = Word,
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    private readonly record struct Flags(bool FoldCase, bool MultiLine, bool DotNewline, bool Ungreedy);

    private readonly string _pattern;
    private readonly StringBuilder _out = new();
    private readonly Stack<(Flags Flags, int MaxCount)> _groups = new();
    private readonly List<string?> _names = [null];
    private Flags _flags;
    private int _pos;
    private bool _canRepeat;
    private int _lastRepeat = -1;

    /// <summary>Go's repeatIsValid: the product of nested {n,m} counts (of the last atom, and the most within the open group) may not pass 1000.</summary>
    private int _atomCount = 1;
    private int _groupMaxCount = 1;

    private Re2Translator(string pattern) => _pattern = pattern;

    /// <summary>The .NET pattern and Go's group names (index 0 is the whole match; null for unnamed groups).</summary>
    public static (string Pattern, IReadOnlyList<string?> Names) Translate(string pattern)
    {
        var t = new Re2Translator(pattern);
        t.Run();
        return (t._out.ToString(), t._names);
    }

    private static GoRegexException Error(string code, string expr) => new($"error parsing regexp: {code}: `{expr}`");

    private void Run()
    {
        while (_pos < _pattern.Length)
        {
            var c = _pattern[_pos];
            var repeatStart = _pos;
            switch (c)
            {
                case '(': OpenGroup(); continue;
                case ')': CloseGroup(); continue;
                case '|':
                    _out.Append('|');
                    _pos++;
                    _canRepeat = false;
                    _lastRepeat = -1;
                    continue;
                case '*' or '+' or '?':
                    _pos++;
                    Repeat(repeatStart, c.ToString(), count: 0);
                    continue;
                case '{' when TryRepeatCount(out var min, out var max):
                    if (min > 1000 || max > 1000 || (max >= 0 && min > max))
                        throw Error("invalid repeat count", _pattern[repeatStart.._pos]);
                    Repeat(repeatStart, max == min ? $"{{{min}}}" : max < 0 ? $"{{{min},}}" : $"{{{min},{max}}}", min >= 2 || max >= 2 ? (max < 0 ? min : max) : 0);
                    continue;
                case '[': Atom(ParseClass()); continue;
                case '.':
                    _pos++;
                    Atom($"(?:{SurrogatePair}|{(_flags.DotNewline ? @"[\s\S]" : @"[^\n]")})");
                    continue;
                case '^':
                    _pos++;
                    Atom(_flags.MultiLine ? "(?m:^)" : @"(?:\A)");
                    continue;
                case '$':
                    _pos++;
                    Atom(_flags.MultiLine ? @"(?=\n|\z)" : @"(?:\z)");
                    continue;
                case '\\': Atom(ParseBackslash()); continue;
                default:
                    Atom(Literal(NextRune()));
                    continue;
            }
        }
        if (_groups.Count > 0) throw Error("missing closing )", _pattern);
    }

    private void Atom(string translated)
    {
        if (translated.Length == 0) return;
        _out.Append(translated);
        _canRepeat = true;
        _lastRepeat = -1;
        _atomCount = 1;
    }

    /// <summary>Emits a quantifier (made lazy by a following '?' or by the U flag), with Go's checks on what precedes it.</summary>
    private void Repeat(int start, string quantifier, int count)
    {
        var lazy = _pos < _pattern.Length && _pattern[_pos] == '?';
        if (lazy) _pos++;
        if (_lastRepeat >= 0) throw Error("invalid nested repetition operator", _pattern[_lastRepeat.._pos]);
        if (!_canRepeat) throw Error("missing argument to repetition operator", _pattern[start.._pos]);
        if (count > 0)
        {
            if ((long)count * _atomCount > 1000) throw Error("invalid repeat count", _pattern[start.._pos]);
            _atomCount *= count;
            _groupMaxCount = Math.Max(_groupMaxCount, _atomCount);
        }
        _out.Append(quantifier);
        if (lazy != _flags.Ungreedy) _out.Append('?');
        _lastRepeat = start;
    }

    /// <summary>Go's parseRepeat: {n}, {n,} or {n,m} with decimal numbers without leading zeros; anything else is a literal '{'.</summary>
    private bool TryRepeatCount(out int min, out int max)
    {
        var i = _pos + 1;
        max = -1;
        if (!TryInt(ref i, out min) || i >= _pattern.Length) return false;
        if (_pattern[i] == ',')
        {
            i++;
            if (i < _pattern.Length && _pattern[i] != '}' && !TryInt(ref i, out max)) return false;
        }
        else
        {
            max = min;
        }
        if (i >= _pattern.Length || _pattern[i] != '}') return false;
        _pos = i + 1;
        return true;
    }

    private bool TryInt(ref int i, out int value)
    {
        value = 0;
        var start = i;
        if (i >= _pattern.Length || !char.IsAsciiDigit(_pattern[i])) return false;
        if (_pattern[i] == '0' && i + 1 < _pattern.Length && char.IsAsciiDigit(_pattern[i + 1])) return false;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i]))
        {
            if (value >= 100_000_000) value = int.MaxValue / 2;
            else value = value * 10 + (_pattern[i] - '0');
            i++;
        }
        return i > start;
    }

    private void OpenGroup()
    {
        if (_pos + 1 < _pattern.Length && _pattern[_pos + 1] == '?')
        {
            PerlGroup();
            return;
        }
        _pos++;
        _names.Add(null);
        Push($"(?<{_names.Count - 1}>");
    }

    private void Push(string open)
    {
        _groups.Push((_flags, _groupMaxCount));
        _groupMaxCount = 1;
        _out.Append(open);
        _canRepeat = false;
        _lastRepeat = -1;
    }

    private void CloseGroup()
    {
        if (_groups.Count == 0) throw Error("unexpected )", _pattern);
        var inner = _groupMaxCount;
        (_flags, _groupMaxCount) = _groups.Pop();
        _atomCount = inner;
        _groupMaxCount = Math.Max(_groupMaxCount, inner);
        _out.Append(')');
        _pos++;
        _canRepeat = true;
        _lastRepeat = -1;
    }

    /// <summary>Go's parsePerlFlags: (?P&lt;name&gt;, (?&lt;name&gt;, and flag groups (?flags) / (?flags:...) over i, m, s and U.</summary>
    private void PerlGroup()
    {
        var rest = _pattern.AsSpan(_pos);
        var withP = rest.Length > 4 && rest[2] == 'P' && rest[3] == '<';
        if (withP || (rest.Length > 3 && rest[2] == '<'))
        {
            var end = rest.IndexOf('>');
            if (end < 0) throw Error("invalid named capture", rest.ToString());
            var name = rest[(withP ? 4 : 3)..end].ToString();
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                throw Error("invalid named capture", rest[..(end + 1)].ToString());
            _pos += end + 1;
            _names.Add(name);
            Push($"(?<{_names.Count - 1}>");
            return;
        }
        var flags = _flags;
        var negate = false;
        var sawFlag = false;
        var i = 2;
        for (; i < rest.Length; i++)
        {
            var c = rest[i];
            switch (c)
            {
                case 'i': flags = flags with { FoldCase = !negate }; sawFlag = true; continue;
                case 'm': flags = flags with { MultiLine = !negate }; sawFlag = true; continue;
                case 's': flags = flags with { DotNewline = !negate }; sawFlag = true; continue;
                case 'U': flags = flags with { Ungreedy = !negate }; sawFlag = true; continue;
                case '-' when !negate:
                    negate = true;
                    sawFlag = false;
                    continue;
                case ':' or ')' when !negate || sawFlag:
                    _pos += i + 1;
                    var fold = flags.FoldCase == _flags.FoldCase ? "" : flags.FoldCase ? "i" : "-i";
                    if (c == ':')
                    {
                        Push($"(?{fold}:");
                    }
                    else
                    {
                        if (fold.Length > 0) _out.Append("(?").Append(fold).Append(')');
                        _canRepeat = false;
                        _lastRepeat = -1;
                    }
                    _flags = flags;
                    return;
            }
            i++;
            break;
        }
        throw Error("invalid or unsupported Perl syntax", rest[..Math.Min(i, rest.Length)].ToString());
    }

    private string ParseBackslash()
    {
        if (_pos + 1 < _pattern.Length)
        {
            switch (_pattern[_pos + 1])
            {
                case 'A': _pos += 2; return @"(?:\A)";
                case 'z': _pos += 2; return @"(?:\z)";
                case 'b': _pos += 2; return $"(?:(?<={WordClass})(?!{WordClass})|(?<!{WordClass})(?={WordClass}))";
                case 'B': _pos += 2; return $"(?:(?<={WordClass})(?={WordClass})|(?<!{WordClass})(?!{WordClass}))";
                case 'C': throw Error("invalid escape sequence", @"\C");
                case 'Q': return QuotedLiterals();
                case 'p' or 'P': return ClassOf([], ParseUnicodeClass(), negated: false);
            }
            if (PerlClass() is { } perl) return ClassOf(perl.Ranges, "", perl.Negated);
        }
        return Literal(ParseEscape());
    }

    /// <summary>\Q...\E: every character up to \E (or the end) is a literal of its own, as in Go.</summary>
    private string QuotedLiterals()
    {
        var start = _pos + 2;
        var end = _pattern.IndexOf(@"\E", start, StringComparison.Ordinal);
        var literals = (end < 0 ? _pattern[start..] : _pattern[start..end]).EnumerateRunes().Select(r => Literal(r.Value)).ToList();
        _pos = end < 0 ? _pattern.Length : end + 2;
        if (literals.Count == 0) return "";
        foreach (var literal in literals.Take(literals.Count - 1)) _out.Append(literal);
        return literals[^1];
    }

    private int NextRune()
    {
        var c = _pattern[_pos++];
        if (char.IsHighSurrogate(c) && _pos < _pattern.Length && char.IsLowSurrogate(_pattern[_pos]))
            return char.ConvertToUtf32(c, _pattern[_pos++]);
        return c;
    }

    private static string Literal(int rune) =>
        rune > 0xFFFF ? $"(?:{Escape(char.ConvertFromUtf32(rune)[0])}{Escape(char.ConvertFromUtf32(rune)[1])})" : Escape(rune);

    private static string Escape(int c) => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>Go's parseEscape: octal, \x hex, C escapes, and escaped punctuation; anything else is an invalid escape.</summary>
    private int ParseEscape()
    {
        var start = _pos;
        _pos++;
        if (_pos >= _pattern.Length) throw Error("trailing backslash at end of expression", "");
        var c = NextRune();
        switch (c)
        {
            case >= '1' and <= '7' when _pos >= _pattern.Length || _pattern[_pos] is < '0' or > '7':
                break;
            case >= '0' and <= '7':
            {
                var r = c - '0';
                for (var k = 1; k < 3 && _pos < _pattern.Length && _pattern[_pos] is >= '0' and <= '7'; k++) r = r * 8 + (_pattern[_pos++] - '0');
                return r;
            }
            case 'x' when _pos < _pattern.Length:
                if (HexEscape() is { } hex) return hex;
                break;
            case 'a': return '\a';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return '\v';
            default:
                if (c < 0x80 && !char.IsAsciiLetterOrDigit((char)c)) return c;
                break;
        }
        throw Error("invalid escape sequence", _pattern[start..Math.Min(_pos, _pattern.Length)]);
    }

    private int? HexEscape()
    {
        if (_pattern[_pos] != '{')
        {
            var x = HexValue(NextRune());
            var y = _pos < _pattern.Length ? HexValue(NextRune()) : -1;
            return x < 0 || y < 0 ? null : x * 16 + y;
        }
        _pos++;
        var value = 0;
        var digits = 0;
        while (true)
        {
            if (_pos >= _pattern.Length) return null;
            var c = NextRune();
            if (c == '}') break;
            var v = HexValue(c);
            if (v < 0) return null;
            value = value * 16 + v;
            if (value > 0x10FFFF) return null;
            digits++;
        }
        return digits == 0 ? null : value;
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>\d \D \s \S \w \W (ASCII-only in Go).</summary>
    private ((int Lo, int Hi)[] Ranges, bool Negated)? PerlClass()
    {
        if (_pos + 1 >= _pattern.Length) return null;
        var c = _pattern[_pos + 1];
        (int Lo, int Hi)[]? ranges = char.ToLowerInvariant(c) switch { 'd' => Digits, 's' => Space, 'w' => Word, _ => null };
        if (ranges is null) return null;
        _pos += 2;
        return (ranges, char.IsUpper(c));
    }

    /// <summary>\pN, \p{Name}, \PN, \p{^Name}: Go's Unicode categories (scripts are looked up as .NET blocks).</summary>
    private string ParseUnicodeClass()
    {
        var start = _pos;
        var negated = _pattern[_pos + 1] == 'P';
        _pos += 2;
        if (_pos >= _pattern.Length) throw Error("invalid character class range", _pattern[start..]);
        string name;
        if (_pattern[_pos] == '{')
        {
            var end = _pattern.IndexOf('}', _pos);
            if (end < 0) throw Error("invalid character class range", _pattern[start..]);
            name = _pattern[(_pos + 1)..end];
            _pos = end + 1;
        }
        else
        {
            name = char.ConvertFromUtf32(NextRune());
        }
        if (name.StartsWith('^'))
        {
            negated = !negated;
            name = name[1..];
        }
        var p = negated ? 'P' : 'p';
        if (name == "Any") return negated ? "" : @"\u0000-\uFFFF";
        if (Categories.Contains(name)) return $"\\{p}{{{name}}}";
        try
        {
            _ = new System.Text.RegularExpressions.Regex($"\\p{{Is{name}}}");
            return $"\\{p}{{Is{name}}}";
        }
        catch (ArgumentException)
        {
            throw Error("invalid character class range", _pattern[start.._pos]);
        }
    }

    /// <summary>Go's parseClass: ranges, escapes, [:posix:] names, \p groups and Perl classes; ']' first and '-' anywhere are literal.</summary>
    private string ParseClass()
    {
        var whole = _pattern[_pos..];
        _pos++;
        var negated = _pos < _pattern.Length && _pattern[_pos] == '^';
        if (negated) _pos++;
        var ranges = new List<(int Lo, int Hi)>();
        var extra = new StringBuilder();
        var first = true;
        while (first || _pos >= _pattern.Length || _pattern[_pos] != ']')
        {
            first = false;
            if (_pos >= _pattern.Length) throw Error("missing closing ]", whole);
            if (_pattern[_pos] == '[' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] == ':' && PosixClass() is { } posix)
            {
                ranges.AddRange(posix);
                continue;
            }
            if (_pattern[_pos] == '\\' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] is 'p' or 'P')
            {
                extra.Append(ParseUnicodeClass());
                continue;
            }
            if (_pattern[_pos] == '\\' && PerlClass() is { } perl)
            {
                ranges.AddRange(perl.Negated ? Complement(perl.Ranges) : perl.Ranges);
                continue;
            }
            var rangeStart = _pos;
            var lo = ClassChar(whole);
            var hi = lo;
            if (_pos + 1 < _pattern.Length && _pattern[_pos] == '-' && _pattern[_pos + 1] != ']')
            {
                _pos++;
                hi = ClassChar(whole);
                if (hi < lo) throw Error("invalid character class range", _pattern[rangeStart.._pos]);
            }
            ranges.Add((lo, hi));
        }
        _pos++;
        return ClassOf(ranges, extra.ToString(), negated);
    }

    private int ClassChar(string whole)
    {
        if (_pos >= _pattern.Length) throw Error("missing closing ]", whole);
        return _pattern[_pos] == '\\' ? ParseEscape() : NextRune();
    }

    private (int Lo, int Hi)[]? PosixClass()
    {
        var end = _pattern.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
        if (end < 0) return null;
        var name = _pattern[(_pos + 2)..end];
        var negated = name.StartsWith('^');
        if (!Posix.TryGetValue(negated ? name[1..] : name, out var ranges))
            throw Error("invalid character class range", _pattern[_pos..(end + 2)]);
        _pos = end + 2;
        return negated ? Complement(ranges) : ranges;
    }

    /// <summary>The ranges not in the given sorted, disjoint ranges, within 0..0x10FFFF.</summary>
    private static (int Lo, int Hi)[] Complement(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
        {
            if (lo > next) result.Add((next, lo - 1));
            next = Math.Max(next, hi + 1);
        }
        if (next <= 0x10FFFF) result.Add((next, 0x10FFFF));
        return [.. result];
    }

    /// <summary>
    /// A .NET pattern for one character of the class, as Go matches runes: the BMP part as a .NET class, characters
    /// beyond it as the surrogate pairs of exactly their ranges. A negated class leaves out every surrogate unit, so
    /// half a pair never matches on its own.
    /// </summary>
    private static string ClassOf(IEnumerable<(int Lo, int Hi)> ranges, string extra, bool negated)
    {
        var list = ranges.ToList();
        var body = new StringBuilder(extra);
        foreach (var (lo, hi) in list)
        {
            if (lo > 0xFFFF) continue;
            body.Append(Escape(lo));
            if (hi > lo) body.Append('-').Append(Escape(Math.Min(hi, 0xFFFF)));
        }
        var astral = list.Where(r => r.Hi > 0xFFFF).Select(r => (Lo: Math.Max(r.Lo, 0x10000), r.Hi)).ToList();
        if (negated)
        {
            astral = Complement(astral).Where(r => r.Hi > 0xFFFF).Select(r => (Lo: Math.Max(r.Lo, 0x10000), r.Hi)).ToList();
            body.Append(Escape(0xD800)).Append('-').Append(Escape(0xDFFF));
        }
        var pairs = SurrogatePairs(astral);
        var cls = negated ? $"[^{body}]" : body.Length == 0 ? "" : $"[{body}]";
        if (pairs.Length == 0) return cls.Length == 0 ? "[^\\s\\S]" : cls;
        return cls.Length == 0 ? $"(?:{pairs})" : $"(?:{pairs}|{cls})";
    }

    /// <summary>Alternatives matching the UTF-16 surrogate pairs of the code points in the ranges (all beyond U+FFFF).</summary>
    private static string SurrogatePairs(IEnumerable<(int Lo, int Hi)> ranges)
    {
        static (int High, int Low) Split(int c) => (0xD800 + ((c - 0x10000) >> 10), 0xDC00 + ((c - 0x10000) & 0x3FF));
        var alternatives = new List<string>();
        foreach (var (lo, hi) in ranges)
        {
            var (highA, lowA) = Split(lo);
            var (highB, lowB) = Split(hi);
            if (highA == highB)
            {
                alternatives.Add($"{Escape(highA)}[{Escape(lowA)}-{Escape(lowB)}]");
                continue;
            }
            alternatives.Add($"{Escape(highA)}[{Escape(lowA)}-{Escape(0xDFFF)}]");
            if (highB - highA > 1) alternatives.Add($"[{Escape(highA + 1)}-{Escape(highB - 1)}][{Escape(0xDC00)}-{Escape(0xDFFF)}]");
            alternatives.Add($"{Escape(highB)}[{Escape(0xDC00)}-{Escape(lowB)}]");
        }
        return string.Join('|', alternatives);
    }
}
