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

    // yaml.v2 takes a '#' at the start of any token as a comment, white space before it or not (observed with acb:
    // corpus cases loading/yaml-flow-comment-*).
    [TestCase("    env: [A=1,#c\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [A=1, #c\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [\"A=1\",#c\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: ['A=1',#c\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [\"A=1\"#c\n     ]\n", new[] { "A=1" })]
    [TestCase("    env: [A=1,#c\n     B=2,#d\n     C=3]\n", new[] { "A=1", "B=2", "C=3" })]
    [TestCase("    env: [A=1,#c,\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [A=1,#c \"x\n     B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [A=1,#c\n\tB=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [A=1,#c\n  B=2]\n", new[] { "A=1", "B=2" })]
    [TestCase("    env: [A=1#c, B=2]\n", new[] { "A=1#c", "B=2" })]
    [TestCase("    env: [\"A=1,#c\", B=2]\n", new[] { "A=1,#c", "B=2" })]
    public void A_comment_right_after_a_flow_token_is_a_comment(string env, string[] expected)
    {
        var result = Load.Text(Steps + env);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[1].Env.Select(e => e.Value), Is.EqualTo(expected));
    }

    [Test]
    public void A_comment_right_after_a_comma_in_a_flow_step_is_a_comment()
    {
        var result = Load.Text("steps: [{cmd: \"busybox env\",#c\n id: a}, {cmd: busybox,#d\n id: b}]\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps.Select(s => s.Id?.Value), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void A_comment_right_after_a_closing_quote_in_a_block_is_a_comment()
    {
        var result = Load.Text("steps:\n  - cmd: \"busybox env\"#c\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox env"));
    }

    [Test]
    public void A_comment_after_a_nested_flow_list_is_a_comment_and_its_list_still_the_wrong_type() =>
        Assert.That(Errors(Steps + "    env: [A=1, [B=2,#c\n     C=3]]\n"), Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 5, 16) }));

    [Test]
    public void A_comment_that_swallows_the_closing_bracket_leaves_the_list_open() =>
        Assert.That(Errors(Steps + "    env: [A=1,#c]\n").Select(e => e.Code), Is.EqualTo(new[] { DiagnosticCodes.YamlSyntax }));

    [Test]
    public void A_comment_right_after_a_flow_comma_in_a_values_file_is_a_comment()
    {
        var dir = Directory.CreateTempSubdirectory("tr-values");
        try
        {
            var values = Path.Combine(dir.FullName, "values.yaml");
            File.WriteAllText(values, "l: [x,#c\n  y]\n");
            var result = Load.Text("steps:\n  - cmd: busybox echo {{ index .Values.l 1 }}\n", valuesFile: values);
            Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
            Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox echo true"));
        }
        finally { dir.Delete(true); }
    }

    // yaml.v2 takes everything up to the next white space into a tag: '!!null]' is a tag it does not know, and the ']' is
    // missing to the flow list; YamlDotNet fails on such a tag without a position (observed with acb: corpus cases
    // loading/yaml-tag-invalid-uri-*).
    [TestCase("    env: [!!null]\n", 5, 11, "'!!null]' takes in the ']'")]
    [TestCase("    env: [A=1, !!str,B=2]\n", 5, 16, "'!!str,B=2]' takes in the ']'")]
    public void A_tag_that_takes_in_the_closing_bracket_is_an_error_at_the_tag(string line, int lineNumber, int column, string message)
    {
        var errors = Load.Errors(Load.Text(Steps + line));
        Assert.That(errors.Select(e => (e.Code, e.Span.Line, e.Span.Column)), Is.EqualTo(new[] { (DiagnosticCodes.YamlSyntax, lineNumber, column) }));
        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [Test]
    public void A_tag_no_uri_can_hold_is_an_unknown_tag_and_its_text_is_kept()
    {
        var result = Load.Text(Steps + "    id: !!str] b2\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[1].Id?.Value, Is.EqualTo("b2"));
    }

    [Test]
    public void A_tag_no_uri_can_hold_on_a_number_is_the_wrong_type_where_it_is() =>
        Assert.That(Errors(Steps + "    timeout: !!int] 30\n"), Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 5, 14) }));

    [TestCase("|#c", "busybox env\n")]
    [TestCase("|-#c", "busybox env")]
    [TestCase(">-#c", "busybox env")]
    [TestCase(">+#c", "busybox env\n")]
    public void A_comment_right_after_a_block_scalar_header_is_a_comment(string header, string command)
    {
        var result = Load.Text("steps:\n  - cmd: " + header + "\n      busybox env\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo(command));
    }
}
