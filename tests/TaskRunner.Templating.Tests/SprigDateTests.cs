namespace TaskRunner.Templating.Tests;

/// <summary>Sprig v2.22.0's date functions; "now" is 2010-05-20 13:14:22 UTC and ACR's local zone is UTC.</summary>
public class SprigDateTests
{
    [TestCase("{{ dateInZone \"2006-01-02 15:04 MST\" now \"America/New_York\" }}", "2010-05-20 09:14 EDT")]
    [TestCase("{{ date_in_zone \"15:04 -0700 MST\" now \"Europe/Paris\" }}", "15:14 +0200 CEST")]
    [TestCase("{{ dateInZone \"2006-01-02 15:04 MST\" 0 \"Asia/Kolkata\" }}", "1970-01-01 05:30 IST", TestName = "dateInZone takes Unix seconds too")]
    [TestCase("{{ dateInZone \"2006-01-02 MST\" 4102444800 \"Europe/Paris\" }}", "2100-01-01 CET", TestName = "past the zone's last transition the POSIX rule's names apply")]
    [TestCase("{{ dateInZone \"15:04 MST\" now \"Nowhere/City\" }} {{ dateInZone \"15:04 MST\" now \"Local\" }} {{ dateInZone \"15:04 MST\" now \"../etc/passwd\" }}", "13:14 UTC 13:14 UTC 13:14 UTC",
        TestName = "a zone Go cannot load is UTC, as Sprig falls back to it; Local is UTC")]
    [TestCase("{{ htmlDate now }} {{ htmlDateInZone now \"Pacific/Auckland\" }} {{ htmlDate 86400 }}", "2010-05-20 2010-05-21 1970-01-02")]
    [TestCase("{{ now | dateModify \"-1.5h\" }}", "2010-05-20 11:44:22 +0000 UTC")]
    [TestCase("{{ now | date_modify \"1h30m\" | date \"15:04\" }} {{ now | dateModify \"nope\" | date \"15:04\" }} {{ now | dateModify \"1.5s\" | date \"05.000\" }}", "14:44 13:14 23.500",
        TestName = "an invalid duration leaves the time unchanged")]
    [TestCase("{{ ago now }} {{ now | dateModify \"-3725s\" | ago }} {{ now | dateModify \"90s\" | ago }} {{ ago 1274361202 }} {{ ago \"x\" }} {{ now | dateModify \"-1.5s\" | ago }}",
        "0s 1h2m5s -1m30s 1m0s 0s 2s", TestName = "ago rounds to seconds, half away from zero")]
    [TestCase("{{ toDate \"2006-01-02\" \"2017-12-31\" }}|{{ toDate \"2006-01-02 15:04:05 -0700\" \"2017-12-31 10:00:00 +0200\" }}|{{ toDate \"2006-01-02\" \"nope\" }}",
        "2017-12-31 00:00:00 +0000 UTC|2017-12-31 10:00:00 +0200 +0200|0001-01-01 00:00:00 +0000 UTC")]
    [TestCase("{{ toDate \"Jan _2 2006\" \"Feb  3 2020\" | date \"2006-01-02\" }} {{ toDate \"02/01/06 3PM\" \"05/11/21 3PM\" | date \"2006-01-02 15:04\" }} {{ toDate \"2006-01-02\" \"2017-12-31\" | unixEpoch }}",
        "2020-02-03 2021-11-05 15:00 1514678400")]
    [TestCase("{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2020-01-02T03:04:05.123Z\" }}|{{ toDate \"2006-01-02\" \"2019-02-30\" | unixEpoch }}|{{ toDate \"2006-01-02 MST\" \"2020-01-02 UTC\" | unixEpoch }}",
        "2020-01-02 03:04:05.123 +0000 UTC|-62135596800|1577923200", TestName = "a fraction after the seconds is read even when the layout has none; an impossible date is the zero time")]
    [TestCase("{{ toDate \"January 2, 2006\" \"march 5, 2021\" | htmlDate }} {{ toDate \"2006-002\" \"2020-060\" | htmlDate }} {{ toDate \"2006-01-02 MST\" \"2020-01-02 GMT+3\" | unixEpoch }}", "2021-03-05 2020-02-29 1577912400")]
    public void Dates(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase("{{ dateModify \"1h\" \"2020-01-01\" }}")]
    [TestCase("{{ unixEpoch 0 }}")]
    public void TimeParametersTakeOnlyTimes(string template) =>
        Assert.That(Render.Failure(template).Code, Is.EqualTo("TPL003"));
}
