using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// Continuation lines of double-quoted scalars and flow collections that acb (yaml.v2) reads and YamlDotNet refuses: a
/// tab at their start, or less indentation than their block (observed with acb; corpus loading/yaml-*continuation-*).
/// </summary>
public sealed class ContinuationIndentTests
{
    [Test]
    public void A_tab_starting_a_double_quoted_continuation_line_is_folded_as_white_space()
    {
        var result = Load.Text("steps:\n  - cmd: \"busybox echo a\n\tb\"\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps.Single().Command, Is.EqualTo("busybox echo a b"));
    }

    [Test]
    public void A_flow_list_continued_at_column_one_is_read()
    {
        var result = Load.Text("steps:\n  - cmd: busybox echo a\n    env: [a=1,\nb=2, c=3\n, d=4]\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps.Single().Env.Select(e => e.Value), Is.EqualTo(new[] { "a=1", "b=2", "c=3", "d=4" }));
    }

    [Test]
    public void Positions_on_a_padded_line_are_those_of_the_file() =>
        Assert.That(Load.Errors(Load.Text("steps:\n  - cmd: busybox echo a\n    when: [a,\n\tb]\n")).Select(e => (e.Code, e.Span.Line, e.Span.Column)),
            Is.EqualTo(new[] { (DiagnosticCodes.WhenUnknownStep, 3, 12), (DiagnosticCodes.WhenUnknownStep, 4, 2) }));

    [Test]
    public void A_tab_indenting_a_plain_continuation_line_stays_an_error_at_the_tab()
    {
        var error = Load.Errors(Load.Text("steps:\n  - cmd: busybox echo a\n\tb\n")).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.YamlSyntax, 3, 1)));
    }
}
