namespace TaskRunner.Templating.Tests;

/// <summary>
/// A missing or null value given to a function's string parameter: acb fails ("wrong type for value; expected string;
/// got interface {}", piped "invalid value; expected string", a nil literal "cannot assign nil to string"); functions
/// that take any value (default, quote, b64enc, print) still take it. Checked with acb on the same templates.
/// </summary>
public class AcbMissingValueTests
{
    private static readonly Dictionary<string, object?> Data = Render.Map(("Values", Render.Map(("null", null))));

    [TestCase("{{ .Values.nope | upper }}", TestName = "a piped missing value is not a string")]
    [TestCase("{{ upper .Values.nope }}")]
    [TestCase("{{ .Values.null | upper }}", TestName = "a null value is not a string")]
    [TestCase("{{ upper nil }}")]
    [TestCase("{{ .Values.nope | sha256sum | trunc 8 }}")]
    [TestCase("{{ .Values.nope | trunc 3 }}")]
    [TestCase("{{ printf .Values.nope }}")]
    [TestCase("{{ contains \"a\" .Values.nope }}")]
    [TestCase("{{ hasKey (dict) .Values.nope }}")]
    [TestCase("{{ regexMatch \"a\" .Values.nope }}")]
    public void IsAnErrorForAStringParameter(string template)
    {
        var e = Render.Failure(template, Data);
        Assert.That(e.Code, Is.EqualTo("TPL003"), e.Message);
        Assert.That(e.Message, Does.Contain("must be a string, got nil"));
    }

    [Test]
    public void FunctionsTakingAnyValueStillTakeIt() =>
        Assert.That(Render.Of("[{{ .Values.nope | default \"x\" }}][{{ .Values.nope | quote }}][{{ .Values.nope | b64enc }}][{{ .Values.nope | print }}][{{ .Values.nope | eq \"a\" }}]", Data),
            Is.EqualTo("[x][][][<nil>][false]"));
}
