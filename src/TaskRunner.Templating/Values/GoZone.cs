using System.Buffers.Binary;
using System.Text;

namespace TaskRunner.Templating.Values;

/// <summary>
/// A time zone as Go's time.LoadLocation reads it from the IANA database (/usr/share/zoneinfo): the offset and the
/// abbreviation Go prints for "MST" at an instant, from the TZif transitions and, past the last one, the footer's
/// POSIX names with .NET deciding standard or daylight time.
/// </summary>
internal sealed class GoZone
{
    private readonly string _name;
    private readonly long[] _transitions;
    private readonly byte[] _transitionTypes;
    private readonly (int Offset, bool Dst, string Abbreviation)[] _types;
    private readonly (string Standard, int Offset, string? Daylight)? _footer;

    private GoZone(string name, long[] transitions, byte[] transitionTypes, (int, bool, string)[] types, (string, int, string?)? footer)
    {
        _name = name;
        _transitions = transitions;
        _transitionTypes = transitionTypes;
        _types = types;
        _footer = footer;
    }

    /// <summary>LoadLocation: null for "", "UTC" and "Local" (UTC in ACR) and for names Go cannot load, which Sprig turns into UTC.</summary>
    public static GoZone? Load(string name) =>
        name is "" or "UTC" or "Local" || name.Contains("..", StringComparison.Ordinal) || name[0] is '/' or '\\' ? null
        : Loaded.GetOrAdd(name, ReadFile); // a template in a loop asks for the same zone many times

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GoZone?> Loaded = new(StringComparer.Ordinal);

    private static GoZone? ReadFile(string name)
    {
        try
        {
            return Read(name, File.ReadAllBytes(Path.Combine("/usr/share/zoneinfo", name)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static GoZone? Read(string name, byte[] data)
    {
        if (data.Length < 44 || Encoding.ASCII.GetString(data, 0, 4) != "TZif") return null;
        var at = 0;
        var width = 4;
        var counts = Counts(data, at);
        if (data[4] >= '2')
        {
            at = 44 + counts.Time * 5 + counts.Type * 6 + counts.Chars + counts.Leap * 8 + counts.Std + counts.Ut;
            counts = Counts(data, at);
            width = 8;
        }
        var p = at + 44;
        var transitions = new long[counts.Time];
        for (var i = 0; i < counts.Time; i++, p += width)
            transitions[i] = width == 8 ? BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(p)) : BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(p));
        var transitionTypes = data.AsSpan(p, counts.Time).ToArray();
        p += counts.Time;
        var chars = p + counts.Type * 6;
        var types = new (int, bool, string)[counts.Type];
        for (var i = 0; i < counts.Type; i++, p += 6)
        {
            var start = chars + data[p + 5];
            var end = Array.IndexOf(data, (byte)0, start);
            types[i] = (BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(p)), data[p + 4] != 0, Encoding.ASCII.GetString(data, start, end - start));
        }
        p = chars + counts.Chars + counts.Leap * (width + 4) + counts.Std + counts.Ut;
        var footer = width == 8 && p < data.Length ? Footer(Encoding.ASCII.GetString(data, p, data.Length - p).Trim('\n')) : null;
        return new GoZone(name, transitions, transitionTypes, types, footer);
    }

    private static (int Ut, int Std, int Leap, int Time, int Type, int Chars) Counts(byte[] data, int at)
    {
        int Count(int k) => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at + 20 + 4 * k));
        return (Count(0), Count(1), Count(2), Count(3), Count(4), Count(5));
    }

    /// <summary>The names and standard offset of a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3" or "&lt;+03&gt;-3".</summary>
    private static (string, int, string?)? Footer(string tz)
    {
        var i = 0;
        string? NextName()
        {
            var start = i;
            if (i < tz.Length && tz[i] == '<')
            {
                var close = tz.IndexOf('>', i);
                if (close < 0) return null;
                i = close + 1;
                return tz[(start + 1)..close];
            }
            while (i < tz.Length && char.IsAsciiLetter(tz[i])) i++;
            return i - start >= 3 ? tz[start..i] : null;
        }
        var standard = NextName();
        if (standard is null) return null;
        var sign = i < tz.Length && tz[i] == '-' ? 1 : -1;
        if (i < tz.Length && tz[i] is '+' or '-') i++;
        var hours = 0;
        while (i < tz.Length && char.IsAsciiDigit(tz[i])) hours = hours * 10 + (tz[i++] - '0');
        while (i < tz.Length && (tz[i] == ':' || char.IsAsciiDigit(tz[i]))) i++;
        return (standard, sign * hours * 3600, NextName());
    }

    /// <summary>The offset and abbreviation in effect at the instant.</summary>
    public (TimeSpan Offset, string Abbreviation) At(DateTimeOffset instant)
    {
        var seconds = instant.ToUnixTimeSeconds();
        if (_footer is { } f && (_transitions.Length == 0 || seconds >= _transitions[^1]))
        {
            var daylight = f.Daylight is not null && TryDotNetZone() is { } zone && zone.IsDaylightSavingTime(instant);
            var offset = TryDotNetZone()?.GetUtcOffset(instant) ?? TimeSpan.FromSeconds(f.Offset);
            return (offset, daylight ? f.Daylight! : f.Standard);
        }
        var index = Array.BinarySearch(_transitions, seconds);
        if (index < 0) index = ~index - 1;
        var type = index < 0 || _types.Length == 0 ? _types.Length == 0 ? default : _types[0] : _types[_transitionTypes[index]];
        return (TimeSpan.FromSeconds(type.Offset), type.Abbreviation ?? "UTC");
    }

    private TimeZoneInfo? TryDotNetZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(_name); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }
}
