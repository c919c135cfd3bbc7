using System.Globalization;
using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>
/// Sprig's date functions. "Local" is UTC (the zone ACR's build agents run in), so `date` shows times in UTC; named
/// zones come from the IANA database, and a zone Go cannot load is UTC, as Sprig falls back to it.
/// </summary>
internal static class SprigDates
{
    private const string HtmlDate = "2006-01-02";

    public static void Register(FunctionTable t)
    {
        t.Add("now", 0, 0, (_, c) => c.Now());
        t.Add("date", 2, 2, (a, c) => InZone(Args.String(a, 0), a[1], "Local", c));
        t.Add("dateInZone", 3, 3, (a, c) => InZone(Args.String(a, 0), a[1], Args.String(a, 2), c));
        t.Add("date_in_zone", 3, 3, (a, c) => InZone(Args.String(a, 0), a[1], Args.String(a, 2), c));
        t.Add("htmlDate", 1, 1, (a, c) => InZone(HtmlDate, a[0], "Local", c));
        t.Add("htmlDateInZone", 2, 2, (a, c) => InZone(HtmlDate, a[0], Args.String(a, 1), c));
        t.Add("dateModify", 2, 2, (a, _) => Modify(Args.String(a, 0), Args.Time(a, 1)));
        t.Add("date_modify", 2, 2, (a, _) => Modify(Args.String(a, 0), Args.Time(a, 1)));
        t.Add("ago", 1, 1, (a, c) => Ago(ToTime(a[0], c), c.Now()));
        t.Add("toDate", 2, 2, (a, _) => GoTimeParse.Parse(Args.String(a, 0), Args.String(a, 1)) ?? DateTimeOffset.MinValue);
        t.Add("unixEpoch", 1, 1, (a, _) => Args.Time(a, 0).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Like Sprig: a time, or an integer of Unix seconds; anything else means now.</summary>
    private static DateTimeOffset ToTime(object? value, FunctionContext context) => GoKinds.Of(value) switch
    {
        GoKind.Time => GoFormat.AsTime(value!),
        GoKind.Int => DateTimeOffset.FromUnixTimeSeconds(Numbers.ToLong(value!)),
        _ => context.Now(),
    };

    /// <summary>Sprig's dateInZone: the time in the zone (UTC when the zone cannot be loaded), formatted with the Go layout.</summary>
    private static string InZone(string layout, object? value, string zone, FunctionContext context)
    {
        var time = ToTime(value, context);
        if (GoZone.Load(zone) is not { } location) return GoTimeLayout.Format(time.ToUniversalTime(), layout);
        var (offset, abbreviation) = location.At(time);
        return GoTimeLayout.Format(time.ToOffset(offset), layout, abbreviation);
    }

    /// <summary>Sprig's dateModify: the time moved by a Go duration ("-1.5h", "30m"); an invalid duration leaves it unchanged.</summary>
    private static DateTimeOffset Modify(string duration, DateTimeOffset time)
    {
        if (GoDuration.Parse(duration) is not { } nanoseconds) return time;
        try { return time.AddTicks(nanoseconds / 100); }
        catch (ArgumentOutOfRangeException) { throw FunctionException.Failed("the time is out of range"); }
    }

    /// <summary>Sprig's ago: the time since then, rounded to seconds (half away from zero), as Go prints a duration.</summary>
    private static string Ago(DateTimeOffset then, DateTimeOffset now) =>
        GoDuration.FormatSeconds((long)Math.Round((now - then).Ticks / (decimal)TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero));
}
