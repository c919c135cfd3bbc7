using TaskRunner.Tasks.Loading.Yaml;
using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// Merge keys as acb's YAML library (yaml.v2) applies them, for every form of value (each rule observed with acb;
/// corpus cases loading/merge-key-*).
/// </summary>
public sealed class MergeKeyTests
{
    private static (string? Command, string? Id) Step(string text)
    {
        var result = Load.Text(text);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        var step = result.Plan!.Steps.Single().Definition;
        return (step.Command, step.Id?.Value);
    }

    private static IReadOnlyList<(string Code, int Line, int Column)> Errors(string text) =>
        Load.Errors(Load.Text(text)).Select(e => (e.Code, e.Span.Line, e.Span.Column)).ToList();

    [Test]
    public void An_inline_mapping_is_merged() =>
        Assert.That(Step("steps:\n  - <<: {cmd: busybox env}\n    id: a\n"), Is.EqualTo(("busybox env", "a")));

    [Test]
    public void A_list_of_inline_mappings_is_merged_and_the_steps_own_key_wins() =>
        Assert.That(Step("steps:\n  - <<: [{cmd: busybox env}, {id: b}]\n    id: a\n"), Is.EqualTo(("busybox env", "a")));

    [Test]
    public void In_a_list_of_inline_mappings_an_earlier_one_wins() =>
        Assert.That(Step("steps:\n  - <<: [{cmd: busybox echo 1}, {cmd: busybox echo 2, id: two}]\n").Command, Is.EqualTo("busybox echo 1"));

    [Test]
    public void In_a_list_of_aliases_an_earlier_one_wins_and_keys_only_a_later_one_has_are_merged() =>
        Assert.That(Step("a: &a\n  cmd: busybox echo a\nb: &b\n  cmd: busybox echo b\n  id: bb\nsteps:\n  - <<: [*a, *b]\n"),
            Is.EqualTo(("busybox echo a", "bb")));

    [Test]
    public void A_list_may_mix_aliases_and_inline_mappings()
    {
        Assert.That(Step("b: &b\n  cmd: busybox echo b\n  id: bb\nsteps:\n  - <<: [{cmd: busybox echo inl}, *b]\n"), Is.EqualTo(("busybox echo inl", "bb")));
        Assert.That(Step("b: &b\n  cmd: busybox echo b\n  id: bb\nsteps:\n  - <<: [*b, {cmd: busybox echo inl, id: ii}]\n"), Is.EqualTo(("busybox echo b", "bb")));
    }

    [Test]
    public void A_key_written_before_the_merge_key_is_overridden_and_one_written_after_wins()
    {
        Assert.That(Step("steps:\n  - cmd: busybox echo explicit\n    <<: {cmd: busybox echo merged}\n").Command, Is.EqualTo("busybox echo merged"));
        Assert.That(Step("steps:\n  - <<: {cmd: busybox echo merged}\n    cmd: busybox echo explicit\n").Command, Is.EqualTo("busybox echo explicit"));
    }

    [Test]
    public void A_merge_key_written_twice_merges_both_in_order() =>
        Assert.That(Step("steps:\n  - <<: {cmd: busybox echo 1, id: one}\n    <<: {cmd: busybox echo 2}\n"), Is.EqualTo(("busybox echo 2", "one")));

    [Test]
    public void Merges_nest_and_an_anchor_on_an_inline_merged_mapping_names_it()
    {
        Assert.That(Step("steps:\n  - <<: {<<: {cmd: busybox echo a}, id: n}\n"), Is.EqualTo(("busybox echo a", "n")));
        var result = Load.Text("steps:\n  - <<: &m {cmd: busybox echo a}\n    id: one\n  - <<: *m\n    id: two\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps.Select(s => s.Definition.Command), Is.EqualTo(new[] { "busybox echo a", "busybox echo a" }));
    }

    [Test]
    public void An_empty_list_or_mapping_merges_nothing()
    {
        Assert.That(Step("steps:\n  - <<: []\n    cmd: busybox echo a\n").Command, Is.EqualTo("busybox echo a"));
        Assert.That(Step("steps:\n  - <<: {}\n    cmd: busybox echo a\n").Command, Is.EqualTo("busybox echo a"));
    }

    [TestCase("steps:\n  - <<: busybox\n    cmd: busybox echo a\n", 2, 9)]
    [TestCase("steps:\n  - <<:\n    cmd: busybox echo a\n", 2, 8)]
    [TestCase("steps:\n  - <<: [{cmd: x}, b]\n    cmd: busybox echo a\n", 2, 20)]
    [TestCase("a: &a busybox\nsteps:\n  - <<: *a\n    cmd: busybox echo a\n", 3, 9)]
    [TestCase("a: &a [x]\nsteps:\n  - <<: [*a]\n    cmd: busybox echo a\n", 3, 10)]
    [TestCase("steps:\n  - <<: [[{cmd: busybox echo 1}]]\n", 2, 10)]
    public void A_merge_of_anything_but_mappings_is_an_error_at_that_value(string text, int line, int column)
    {
        // acb stops at this first error; the checks of the step (a missing cmd) may add theirs.
        Assert.That(Errors(text), Does.Contain((DiagnosticCodes.YamlSyntax, line, column)));
        Assert.That(Load.Errors(Load.Text(text)).Select(e => e.Message), Has.Some.Contain("map merge requires map or sequence of maps as the value"));
    }

    [Test]
    public void A_quoted_merge_key_is_an_ordinary_key()
    {
        var result = Load.Text("steps:\n  - \"<<\": {cmd: busybox echo 1}\n    id: x\n");
        Assert.That(Load.Errors(result).Select(e => e.Code), Is.EqualTo(new[] { DiagnosticCodes.StepKindMissing }));
    }

    [Test]
    public void A_merged_key_never_warns_as_written_twice_while_a_key_written_twice_still_does()
    {
        var merged = Load.Text("steps:\n  - <<: [{cmd: busybox echo 1}, {cmd: busybox echo 2}]\n    cmd: busybox echo 3\n");
        Assert.That(merged.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateKey), Is.Empty);
        var twice = Load.Text("steps:\n  - <<: {id: a}\n    cmd: busybox echo 1\n    cmd: busybox echo 2\n");
        Assert.That(twice.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateKey).Select(d => d.Span.Line), Is.EqualTo(new[] { 4 }));
    }

    [Test]
    public void A_wrong_type_in_a_merged_inline_mapping_is_an_error_at_its_text() =>
        Assert.That(Errors("steps:\n  - cmd: busybox echo a\n    <<: [{timeout: 10}, {timeout: abc}]\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 3, 35) }));

    [Test]
    public void A_wrong_merge_under_a_key_acb_ignores_is_accepted_as_acb_accepts_it()
    {
        var result = Load.Text("x:\n  <<: 1\nsteps:\n  - cmd: busybox echo a\n    foo: {<<: [a]}\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.UnknownKey, DiagnosticCodes.UnknownKey }));
    }

    [Test]
    public void A_wrong_merge_in_a_mapping_acb_reads_is_an_error_at_that_value()
    {
        Assert.That(Errors("volumes:\n  - name: v\n    secret:\n      <<: 1\nsteps:\n  - cmd: busybox echo a\n"),
            Does.Contain((DiagnosticCodes.YamlSyntax, 4, 11)));
        Assert.That(Errors("steps:\n  - cmd: busybox echo a\n    <<: [{id: a}, *b]\nb: &b x\n"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Merge_keys_apply_in_a_file_nested_as_deep_as_acb_reads()
    {
        var deep = new string('[', LenientYaml.MaxDepth - 1) + new string(']', LenientYaml.MaxDepth - 1);
        Assert.That(Step($"x: {deep}\nsteps:\n  - <<: {{cmd: busybox echo a}}\n    id: a\n"), Is.EqualTo(("busybox echo a", "a")));
    }

    [Test]
    public void An_unknown_anchor_in_a_merge_is_an_error_at_the_alias_in_the_task_the_alias_block_and_a_values_file()
    {
        var task = Load.Errors(Load.Text("steps:\n  - cmd: busybox\n    <<: *nope\n")).Single();
        Assert.That((task.Code, task.Span.Line, task.Span.Column), Is.EqualTo((DiagnosticCodes.YamlSyntax, 3, 9)));
        Assert.That(task.Message, Does.Contain("unknown anchor 'nope'"));

        // Found in review: the alias block reached the user as an internal error (KeyNotFoundException).
        var alias = Load.Errors(Load.Text("version: v1.1.0\nalias:\n  values:\n    <<: *nope\nsteps:\n  - cmd: busybox\n")).Single();
        Assert.That((alias.Code, alias.Span.Line, alias.Span.Column), Is.EqualTo((DiagnosticCodes.InvalidAliasBlock, 4, 9)));
        Assert.That(alias.Message, Does.Contain("unknown anchor 'nope'"));

        var values = Path.Combine(Path.GetTempPath(), "tr-values-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(values, "a: 1\nb:\n  <<: *nope\n");
        try
        {
            var error = Load.Errors(Load.Text("steps:\n  - cmd: busybox\n", valuesFile: values)).Single();
            Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.InvalidValuesFile, 3, 7)));
            Assert.That(error.Message, Does.Contain("unknown anchor 'nope'"));
        }
        finally
        {
            File.Delete(values);
        }
    }
}
