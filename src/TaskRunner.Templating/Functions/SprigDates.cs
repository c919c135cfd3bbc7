using TaskRunner.Templating.Values;

namespace TaskRunner.Templating.Functions;

/// <summary>Sprig's now and date. Times are shown in UTC (the zone ACR's build agents run in).</summary>
internal static class SprigDates
{
    public static void Register(FunctionTable t)
    {
        t.Add("now", 0, 0, (_, c) => c.Now());
        t.Add("date", 2, 2, (a, c) => GoTimeLayout.Format(ToTime(a[1], c).ToUniversalTime(), Args.String(a, 0)));
        t.Add("unixEpoch", 1, 1, (a, c) => ToTime(a[0], c).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Like Sprig: a time, or an integer of Unix seconds; anything else means now.</summary>
    private static DateTimeOffset ToTime(object? value, FunctionContext context) => GoKinds.Of(value) switch
    {
        GoKind.Time => GoFormat.AsTime(value!),
        GoKind.Int or GoKind.Uint => DateTimeOffset.FromUnixTimeSeconds(Numbers.ToLong(value!)),
        _ => context.Now(),
    };
}
