using System.Globalization;
using System.Text.RegularExpressions;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig's semver and semverCompare on Masterminds/semver v1.5.0 (the version acb's Sprig v2.22.0 resolves): its
/// version syntax, its constraint syntax (<c>||</c> of comma-separated ANDs, <c>1.2 - 1.4</c> ranges, x/X/* wildcards)
/// and its operators, including v1's caret (same major version, also below 1.0.0) and its pre-release rule (a
/// pre-release only satisfies constraints that name a pre-release).
/// </summary>
internal static class SprigSemver
{
    public static void Register(FunctionTable t)
    {
        t.Add("semver", 1, 1, (a, _) => SemverVersion.Parse(Args.String(a, 0)) ?? throw FunctionException.Failed(SemverVersion.LastError(Args.String(a, 0))));
        t.Add("semverCompare", 2, 2, (a, _) => Compare(Args.String(a, 0), Args.String(a, 1)));
    }

    private static bool Compare(string constraint, string version)
    {
        var ors = SemverConstraint.Parse(constraint);
        var v = SemverVersion.Parse(version) ?? throw FunctionException.Failed(SemverVersion.LastError(version));
        return ors.Any(ands => ands.All(c => c.Check(v)));
    }
}

/// <summary>A semantic version as Masterminds/semver v1.5.0 reads it (a *semver.Version in Go).</summary>
internal sealed partial class SemverVersion : IGoValue
{
    [GeneratedRegex(@"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    public long Major { get; private init; }
    public long Minor { get; private init; }
    public long Patch { get; private init; }
    public string Prerelease { get; private init; } = "";
    public string Metadata { get; private init; } = "";
    public string Original { get; private init; } = "";
    public string String => ToString();

    [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
    Type IGoValue.FieldsType => typeof(SemverVersion);
    string IGoValue.GoTypeName => "*semver.Version";
    string IGoValue.GoKindName => "ptr";
    object IGoValue.JsonValue => ToString();

    /// <summary>NewVersion: null when the text is not a version (see <see cref="LastError"/> for Go's message).</summary>
    public static SemverVersion? Parse(string text)
    {
        var m = Syntax().Match(text);
        if (!m.Success) return null;
        long? Segment(string s) => long.TryParse(s.TrimStart('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var major = Segment(m.Groups[1].Value);
        var minor = m.Groups[2].Length > 0 ? Segment(m.Groups[2].Value) : 0;
        var patch = m.Groups[3].Length > 0 ? Segment(m.Groups[3].Value) : 0;
        if (major is null || minor is null || patch is null) return null;
        return new SemverVersion { Major = major.Value, Minor = minor.Value, Patch = patch.Value, Prerelease = m.Groups[5].Value, Metadata = m.Groups[8].Value, Original = text };
    }

    /// <summary>Go's error for a text <see cref="Parse"/> refused: invalid syntax, or a segment beyond int64.</summary>
    public static string LastError(string text)
    {
        var m = Syntax().Match(text);
        if (!m.Success) return "Invalid Semantic Version";
        var bad = new[] { m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value }.Select(s => s.TrimStart('.')).First(s => s.Length > 0 && !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        return $"Error parsing version segment: strconv.ParseInt: parsing {GoFormat.Quote(bad)}: value out of range";
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease.Length > 0 ? "-" + Prerelease : "")}{(Metadata.Length > 0 ? "+" + Metadata : "")}";

    /// <summary>Version.Compare: major, minor, patch, then a release above its pre-releases, then pre-release parts.</summary>
    public int CompareTo(SemverVersion o)
    {
        var d = Major.CompareTo(o.Major);
        if (d == 0) d = Minor.CompareTo(o.Minor);
        if (d == 0) d = Patch.CompareTo(o.Patch);
        if (d != 0) return Math.Sign(d);
        if (Prerelease.Length == 0 && o.Prerelease.Length == 0) return 0;
        if (Prerelease.Length == 0) return 1;
        if (o.Prerelease.Length == 0) return -1;
        return ComparePrerelease(Prerelease, o.Prerelease);
    }

    private static int ComparePrerelease(string v, string o)
    {
        var sparts = v.Split('.');
        var oparts = o.Split('.');
        for (var i = 0; i < Math.Max(sparts.Length, oparts.Length); i++)
        {
            var d = ComparePart(i < sparts.Length ? sparts[i] : "", i < oparts.Length ? oparts[i] : "");
            if (d != 0) return d;
        }
        return 0;
    }

    /// <summary>
    /// comparePrePart of v1.5.0: a missing part is below a numeric one and above a word (v1's ordering); numbers
    /// compare as numbers and rank below words; words compare by bytes.
    /// </summary>
    private static int ComparePart(string s, string o)
    {
        if (s == o) return 0;
        var sNumber = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var si);
        var oNumber = ulong.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var oi);
        if (o.Length == 0) return sNumber ? 1 : -1;
        if (s.Length == 0) return oNumber ? -1 : 1;
        if (!sNumber && !oNumber) return string.CompareOrdinal(s, o) > 0 ? 1 : -1;
        if (!oNumber) return -1;
        if (!sNumber) return 1;
        return si > oi ? 1 : -1;
    }
}

/// <summary>One constraint of Masterminds/semver v1.5.0: an operator, its version, and which parts were wildcards.</summary>
internal sealed partial class SemverConstraint
{
    private const string Cv = @"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

    [GeneratedRegex(@"^\s*(=>|=<|~>|!=|>=|<=|=|>|<|~|\^|)\s*(" + Cv + @")\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    [GeneratedRegex(@"\s*(" + Cv + @")\s+-\s+(" + Cv + @")\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Range();

    private string _operator = "";
    private SemverVersion _version = null!;
    private bool _dirty;
    private bool _minorDirty;
    private bool _patchDirty;

    /// <summary>NewConstraint: "a - b" ranges rewritten to "&gt;= a, &lt;= b", then || alternatives of comma-separated constraints.</summary>
    public static List<List<SemverConstraint>> Parse(string text)
    {
        var rewritten = text;
        foreach (Match m in Range().Matches(text))
        {
            var at = rewritten.IndexOf(m.Value, StringComparison.Ordinal);
            rewritten = rewritten[..at] + $">= {m.Groups[1].Value}, <= {m.Groups[11].Value}" + rewritten[(at + m.Value.Length)..];
        }
        return rewritten.Split("||").Select(or => or.Split(',').Select(ParseOne).ToList()).ToList();
    }

    private static bool IsX(string s) => s is "x" or "X" or "*";

    private static SemverConstraint ParseOne(string text)
    {
        var m = Syntax().Match(text);
        if (!m.Success) throw FunctionException.Failed($"improper constraint: {text}");
        var c = new SemverConstraint { _operator = m.Groups[1].Value };
        string major = m.Groups[3].Value, minor = m.Groups[4].Value, patch = m.Groups[5].Value, pre = m.Groups[6].Value;
        var version = m.Groups[2].Value;
        if (IsX(major))
        {
            version = "0.0.0";
            c._dirty = true;
        }
        else if (minor.Length == 0 || IsX(minor.TrimStart('.')))
        {
            (c._dirty, c._minorDirty) = (true, true);
            version = $"{major}.0.0{pre}";
        }
        else if (IsX(patch.TrimStart('.')))
        {
            (c._dirty, c._patchDirty) = (true, true);
            version = $"{major}{minor}.0{pre}";
        }
        c._version = SemverVersion.Parse(version) ?? throw FunctionException.Failed("constraint Parser Error");
        return c;
    }

    public bool Check(SemverVersion v)
    {
        var con = _version;
        if (_operator != "!=" && v.Prerelease.Length > 0 && con.Prerelease.Length == 0) return false;
        return _operator switch
        {
            "" or "=" => _dirty ? Tilde(v) : v.CompareTo(con) == 0,
            "!=" => NotEqual(v),
            ">" => v.CompareTo(con) > 0,
            "<" => _dirty ? WithinDirtyUpperBound(v) : v.CompareTo(con) < 0,
            ">=" or "=>" => v.CompareTo(con) >= 0,
            "<=" or "=<" => _dirty ? WithinDirtyUpperBound(v) : v.CompareTo(con) <= 0,
            "~" or "~>" => Tilde(v),
            _ => v.CompareTo(con) >= 0 && v.Major == con.Major,
        };
    }

    private bool WithinDirtyUpperBound(SemverVersion v) => v.Major <= _version.Major && (v.Minor <= _version.Minor || _minorDirty);

    /// <summary>~1.2.3 is &gt;=1.2.3 &lt;1.3.0; ~1 and ~1.x are &gt;=1.0.0 &lt;2.0.0; ~0.0.0 is anything.</summary>
    private bool Tilde(SemverVersion v)
    {
        var con = _version;
        if (v.CompareTo(con) < 0) return false;
        if (con.Major == 0 && con.Minor == 0 && con.Patch == 0 && !_minorDirty && !_patchDirty) return true;
        return v.Major == con.Major && (v.Minor == con.Minor || _minorDirty);
    }

    private bool NotEqual(SemverVersion v)
    {
        if (!_dirty) return v.CompareTo(_version) != 0;
        if (v.Prerelease.Length > 0 && _version.Prerelease.Length == 0) return false;
        if (_version.Major != v.Major) return true;
        return _version.Minor != v.Minor && !_minorDirty;
    }
}
