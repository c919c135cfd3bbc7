namespace TaskRunner.Templating.Tests;

/// <summary>Inputs that could exhaust memory or the stack are refused with a TemplateException.</summary>
public class LimitTests
{
    [Test]
    public void DeepNestingIsASyntaxError()
    {
        var parens = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.That(Render.Failure("{{ " + parens + " }}").Code, Is.EqualTo("TPL001"));
        var ifs = string.Concat(Enumerable.Repeat("{{ if true }}", 5000)) + string.Concat(Enumerable.Repeat("{{ end }}", 5000));
        Assert.That(Render.Failure(ifs).Message, Does.Contain("max nesting depth"));
    }

    [Test]
    public void NestingWithinTheLimitWorks() =>
        Assert.That(Render.Of("{{ " + new string('(', 100) + "1" + new string(')', 100) + " }}"), Is.EqualTo("1"));

    [TestCase("{{ printf \"%99999999d|\" 1 }}", "%!(BADWIDTH)1|")]
    [TestCase("{{ printf \"%.99999999f|\" 1.0 }}", "%!(BADPREC)1.000000|")]
    public void HugeWidthsAreRefusedAsGoDoes(string template, string expected) =>
        Assert.That(Render.Of(template), Is.EqualTo(expected));

    [TestCase("{{ \"\\ud800\" }}")]
    [TestCase("{{ \"\\U00110000\" }}")]
    [TestCase("{{ '' }}")]
    [TestCase("{{ 'ab' }}")]
    public void BadEscapesAreSyntaxErrors(string template) =>
        Assert.That(Render.Failure(template).Code, Is.EqualTo("TPL001"));

    [Test]
    public void HugeIndentIsRefused() => Assert.That(Render.Failure("{{ indent 999999999 \"a\" }}").Code, Is.EqualTo("TPL005"));
}

/// <summary>
/// The render budget (RenderLimits): a runaway template stops with TPL006 at the action that passed a limit, instead
/// of exhausting memory. Small limits keep the tests cheap; the first test uses the defaults.
/// </summary>
public class RenderBudgetTests
{
    private static readonly RenderLimits Small = new() { MaxOutputChars = 1000, MaxSteps = 10_000, MaxValueChars = 1000, MaxItems = 100, MaxWork = 100_000 };

    private static void AssertLimit(TemplateException e, string message, int line, int column)
    {
        Assert.That(e.Code, Is.EqualTo("TPL006"));
        Assert.That(e.Message, Does.Contain(message));
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void ARangeOverAHugeNumberStopsAtTheStepLimit() =>
        AssertLimit(Render.LimitFailure("a\n{{ range 1000000000 }}x{{ end }}", RenderLimits.Default), "more than 10,000,000 steps", 2, 4);

    [Test]
    public void RangesNestedStopAtTheStepLimitToo() =>
        AssertLimit(Render.LimitFailure("{{ range 1000 }}{{ range 1000 }}{{ end }}{{ end }}", Small), "more than 10,000 steps", 1, 20);

    [Test]
    public void OutputPastTheLimitIsRefusedWhereItIsWritten()
    {
        AssertLimit(Render.LimitFailure("{{ range 2000 }}x{{ end }}", Small), "the rendered text would pass 1000 characters", 1, 17);
        AssertLimit(Render.LimitFailure("{{ range 3 }}{{ repeat 400 \"y\" }}{{ end }}", Small), "the rendered text would pass 1000 characters", 1, 14);
    }

    [Test]
    public void AStringDoubledInALoopStopsAtTheValueLimit() =>
        AssertLimit(Render.LimitFailure("{{ $s := \"ab\" }}{{ range 100 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}", Small),
            "error calling printf: the result would be 1,024 characters long, over TaskRunner's limit of 1000 characters for one value", 1, 40);

    [TestCase("{{ replace \"\" (repeat 900 \"b\") (repeat 900 \"a\") }}", "replace")]
    [TestCase("{{ join (repeat 100 \"x\") (until 50) }}", "join")]
    [TestCase("{{ indent 100 (repeat 50 \"\\n\") }}", "indent")]
    [TestCase("{{ cat (repeat 600 \"x\") (repeat 600 \"y\") }}", "cat")]
    [TestCase("{{ wrapWith 1 (repeat 100 \"-\") (repeat 100 \"x\") }}", "wrapWith")]
    [TestCase("{{ regexReplaceAll \"\" (repeat 100 \"x\") (repeat 100 \"y\") }}", "regexReplaceAll")]
    [TestCase("{{ toJson (list (repeat 600 \"x\") (repeat 600 \"y\")) }}", "toJson")]
    public void FunctionsThatMultiplyTextAreRefusedBeforeBuildingIt(string template, string function) =>
        AssertLimit(Render.LimitFailure(template, Small), $"error calling {function}: the result would be", 1, 4);

    [TestCase("{{ splitList \"\" (repeat 200 \"x\") }}", "splitList")]
    [TestCase("{{ concat (until 60) (until 60) }}", "concat")]
    [TestCase("{{ regexFindAll \"\" (repeat 900 \"x\") -1 }}", "regexFindAll")]
    public void FunctionsThatBuildHugeListsAreRefused(string template, string function) =>
        AssertLimit(Render.LimitFailure(template, Small), $"error calling {function}: the result would have", 1, 4);

    [Test]
    public void ADictGrownInALoopStopsAtTheItemLimit() =>
        AssertLimit(Render.LimitFailure("{{ $d := dict }}{{ range $i := 1000 }}{{ $_ := set $d (print $i) $i }}{{ end }}", Small),
            "error calling set: the result would have 101 items", 1, 48);

    [Test]
    public void PrintingAValueLargerThanTheValueLimitIsRefusedAtTheAction() =>
        AssertLimit(Render.LimitFailure("{{ $s := repeat 600 \"x\" }}\n  {{ list $s $s }}", Small), "cannot print the value: the result would be", 2, 3);

    [Test]
    public void TemplatesCallingEachOtherTwiceStopAtTheStepLimit() =>
        AssertLimit(Render.LimitFailure("{{ define \"t\" }}{{ if lt . 30 }}{{ template \"t\" (add . 1) }}{{ template \"t\" (add . 1) }}{{ end }}{{ end }}{{ template \"t\" 0 }}", Small),
            "more than 10,000 steps", 1, 23);

    [Test]
    public void AllTheFunctionResultsTogetherStopAtTheWorkLimit() =>
        AssertLimit(Render.LimitFailure("{{ $s := repeat 900 \"x\" }}{{ range 1000 }}{{ $t := upper $s }}{{ end }}", Small),
            "error calling upper: the functions of this render produced more than 100000 characters", 1, 52);

    [Test]
    public void RendersWithinTheDefaultLimitsAreUntouched()
    {
        Assert.That(Render.Of("{{ range 200000 }}x{{ end }}").Length, Is.EqualTo(200_000));
        Assert.That(Render.Of("{{ range $i := until 100000 }}{{ printf \"%06d\\n\" $i }}{{ end }}").Length, Is.EqualTo(700_000));
        Assert.That(Render.Of("{{ repeat 10000000 \"x\" | len }}"), Is.EqualTo("10000000"));
    }
}
