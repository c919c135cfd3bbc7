using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// Plain text in flow collections as acb's YAML library (yaml.v2) reads it, where YamlDotNet reads it otherwise
/// (observed with acb; corpus cases loading/yaml-flow-*).
/// </summary>
public sealed class YamlFlowTests
{
    private const string Steps = "steps:\n  - cmd: busybox echo a\n    id: a\n  - cmd: busybox echo b\n";

    private static IReadOnlyList<(string Code, int Line, int Column)> Errors(string text) =>
        Load.Errors(Load.Text(text)).Select(e => (e.Code, e.Span.Line, e.Span.Column)).ToList();

    [TestCase("[-]")]
    [TestCase("[-,]")]
    [TestCase("[ -]")]
    public void A_lone_dash_in_a_flow_list_is_the_text_dash(string when)
    {
        var result = Load.Text(Steps + "    when: " + when + "\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps[1].When!.Select(w => w.Value), Is.EqualTo(new[] { "-" }));
    }

    [Test]
    public void Lone_dashes_anywhere_in_flow_collections_are_read()
    {
        var result = Load.Text(Steps + "    env: [-, -, \"-\"]\n    x-note: {a: -, b: [-]}\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps[1].Env.Select(e => e.Value), Is.EqualTo(new[] { "-", "-", "-" }));
    }

    [Test]
    public void A_dash_read_from_a_flow_list_still_cannot_be_mixed_with_ids() =>
        Assert.That(Errors(Steps + "    when: [a, -]\n"), Is.EqualTo(new[] { (DiagnosticCodes.WhenMixesImmediateAndIds, 5, 15) }));

    [Test]
    public void A_dash_followed_by_a_space_in_a_flow_list_stays_an_error() =>
        Assert.That(Errors(Steps + "    when: [ - ]\n").Select(e => e.Code), Is.EqualTo(new[] { DiagnosticCodes.YamlSyntax }));

    [Test]
    public void A_question_mark_inside_flow_text_is_an_error_where_it_is() =>
        Assert.That(Errors(Steps + "    env: [URL=http://x?y=1]\n"), Is.EqualTo(new[] { (DiagnosticCodes.YamlSyntax, 5, 23) }));

    [Test]
    public void A_question_mark_inside_quoted_flow_text_is_text()
    {
        var result = Load.Text(Steps + "    env: [\"URL=http://x?y=1\"]\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps[1].Env.Single().Value, Is.EqualTo("URL=http://x?y=1"));
    }

    [Test]
    public void A_question_mark_starting_a_flow_item_makes_it_a_mapping() =>
        Assert.That(Errors(Steps + "    when: [?x]\n"), Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 5, 12) }));

    [Test]
    public void A_question_mark_starting_a_flow_item_under_an_unknown_key_is_accepted() =>
        Assert.That(Errors(Steps + "    x-note: [?x]\n"), Is.Empty);

    [TestCase("[:x]", 12)]
    [TestCase("[?]", 12)]
    public void A_colon_or_a_lone_question_mark_starting_a_flow_item_is_an_error(string env, int column) =>
        Assert.That(Errors(Steps + "    env: " + env + "\n"), Is.EqualTo(new[] { (DiagnosticCodes.YamlSyntax, 5, column - 1) }));

    [Test]
    public void A_colon_inside_flow_text_is_text()
    {
        var result = Load.Text(Steps + "    env: [a:b]\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Steps[1].Env.Single().Value, Is.EqualTo("a:b"));
    }

    [Test]
    public void A_single_pair_mapping_in_a_flow_list_is_reported_at_the_pair() =>
        Assert.That(Errors(Steps + "    when: [-: x]\n"), Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 5, 12) }));

    [TestCase("[~]")]
    [TestCase("[null]")]
    [TestCase("[a, ~]")]
    public void A_null_in_when_is_an_empty_entry_which_acb_refuses(string when)
    {
        var errors = Load.Errors(Load.Text(Steps + "    when: " + when + "\n"));
        Assert.That(errors.Select(e => e.Code), Is.EqualTo(new[] { DiagnosticCodes.WhenUnknownStep }));
        Assert.That(errors.Single().Message, Does.Contain("from cannot be empty"));
    }
}
