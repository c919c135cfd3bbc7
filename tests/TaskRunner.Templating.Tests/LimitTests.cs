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
