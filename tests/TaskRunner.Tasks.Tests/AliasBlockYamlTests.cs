using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// The alias block read as acb's yaml.v2 reads it into its alias struct (observed with acb; corpus cases
/// loading/alias-block-*-twice*, loading/yaml-flow-comment-*): keys written twice are decoded copy after copy.
/// </summary>
public sealed class AliasBlockYamlTests
{
    private static string Command(string block, string cmd)
    {
        var result = Load.Text("version: v1.1.0\nalias:\n" + block + "steps:\n  - cmd: " + cmd + "\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Task!.Steps[0].Command!;
    }

    private static IReadOnlyList<(string Code, int Line, int Column)> Errors(string block) =>
        Load.Errors(Load.Text("version: v1.1.0\nalias:\n" + block + "steps:\n  - cmd: busybox\n"))
            .Select(e => (e.Code, e.Span.Line, e.Span.Column)).ToList();

    [Test]
    public void Values_written_twice_are_merged() =>
        Assert.That(Command("  values:\n    a: busybox\n  values:\n    b: echo\n", "$a $b hi"), Is.EqualTo("busybox echo hi"));

    [Test]
    public void Values_written_twice_with_the_same_name_keep_the_later_text() =>
        Assert.That(Command("  values:\n    a: busybox\n    b: one\n  values:\n    b: echo\n    c: two\n", "$a $b $c hi"),
            Is.EqualTo("busybox echo two hi"));

    [Test]
    public void Three_copies_of_values_are_merged_flow_or_block() =>
        Assert.That(Command("  values: {a: busybox, b: x}\n  values:\n    b: echo\n  values: {c: three}\n", "$a $b $c"),
            Is.EqualTo("busybox echo three"));

    [Test]
    public void A_null_copy_of_values_empties_what_came_before() =>
        Assert.That(Command("  values:\n    a: busybox\n  values: ~\n  values:\n    b: echo\n", "$a $b hi"), Is.EqualTo("$a echo hi"));

    [Test]
    public void An_empty_map_copy_of_values_keeps_what_came_before() =>
        Assert.That(Command("  values:\n    a: busybox\n  values: {}\n", "$a hi"), Is.EqualTo("busybox hi"));

    [Test]
    public void A_name_written_twice_inside_values_keeps_the_later_text() =>
        Assert.That(Command("  values:\n    a: busybox\n    a: echo\n", "$a hi"), Is.EqualTo("echo hi"));

    [Test]
    public void Values_written_twice_are_warned_about_at_the_later_copy()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    a: busybox\n  values:\n    b: echo\nsteps:\n  - cmd: $a $b\n");
        var warning = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateKey);
        Assert.That((warning.Span.Line, warning.Span.Column, warning.Severity), Is.EqualTo((5, 3, Severity.Warning)));
        Assert.That(warning.Message, Does.Contain("first at line 3").And.Contain("merged"));
    }

    [Test]
    public void A_scalar_copy_of_values_fails_whichever_copy_it_is()
    {
        Assert.That(Errors("  values:\n    a: busybox\n  values: x\n"), Is.EqualTo(new[] { (DiagnosticCodes.InvalidAliasBlock, 5, 11) }));
        Assert.That(Errors("  values: x\n  values:\n    a: busybox\n"), Is.EqualTo(new[] { (DiagnosticCodes.InvalidAliasBlock, 3, 11) }));
    }

    [Test]
    public void A_list_value_in_an_earlier_copy_fails_even_when_a_later_copy_gives_text() =>
        Assert.That(Errors("  values:\n    a: [x]\n  values:\n    a: busybox\n"), Is.EqualTo(new[] { (DiagnosticCodes.InvalidAliasBlock, 4, 8) }));

    [Test]
    public void An_invalid_name_in_an_earlier_copy_is_kept_and_fails() =>
        Assert.That(Errors("  values:\n    a-b: x\n  values:\n    a: busybox\n"), Is.EqualTo(new[] { (DiagnosticCodes.InvalidAliasName, 4, 5) }));

    [Test]
    public void An_invalid_name_emptied_by_a_null_copy_is_not_checked() =>
        Assert.That(Errors("  values:\n    a-b: x\n  values:\n  values:\n    a: busybox\n"), Is.Empty);

    [Test]
    public void Directive_written_twice_keeps_the_last_and_checks_only_it()
    {
        Assert.That(Command("  directive: \"ab\"\n  directive: \"&\"\n", "busybox $ID &ID"), Is.EqualTo("busybox $ID run1"));
        Assert.That(Command("  directive: \"%\"\n  directive:\n", "busybox $ID %ID"), Is.EqualTo("busybox run1 %ID"));
    }

    [Test]
    public void A_list_copy_of_directive_fails() =>
        Assert.That(Errors("  directive: [a]\n  directive: \"&\"\n").Select(e => e.Code), Is.EqualTo(new[] { DiagnosticCodes.InvalidAliasBlock }));

    [Test]
    public void Src_written_twice_keeps_the_later_list()
    {
        var dir = Directory.CreateTempSubdirectory("tr-alias");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "a: busybox\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), "b: echo\n");
            var result = Load.Text("version: v1.1.0\nalias:\n  src:\n    - a.yaml\n  src:\n    - b.yaml\nsteps:\n  - cmd: $a $b hi\n",
                file: Path.Combine(dir.FullName, "acr-task.yaml"));
            Assert.That(Load.Errors(result), Is.Empty);
            Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("$a echo hi"));
        }
        finally { dir.Delete(true); }
    }

    [TestCase("a: busybox\na: echo\n", "echo hi", null)]
    [TestCase("a: [x]\na: busybox\n", null, "gives 'a' a list")]
    [TestCase("{a: busybox,#c\n b: echo}\n", "busybox echo", null)]
    public void A_src_file_is_read_as_the_task_is(string source, string? command, string? error)
    {
        var dir = Directory.CreateTempSubdirectory("tr-alias");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), source);
            var result = Load.Text("version: v1.1.0\nalias:\n  src:\n    - a.yaml\nsteps:\n  - cmd: $a" + (source.Contains("b:") ? " $b" : " hi") + "\n",
                file: Path.Combine(dir.FullName, "acr-task.yaml"));
            if (error is null)
            {
                Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
                Assert.That(result.Task!.Steps[0].Command, Is.EqualTo(command));
            }
            else
                Assert.That(Load.Errors(result).Single().Message, Does.Contain(error));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void A_comment_right_after_a_flow_comma_in_the_block_is_a_comment() =>
        Assert.That(Command("  values: {a: busybox,#c\n    b: echo}\n", "$a $b hi"), Is.EqualTo("busybox echo hi"));

    [Test]
    public void A_flow_map_continued_on_a_line_indented_less_than_its_key_is_read() =>
        Assert.That(Command("  values: {a: busybox,\n b: echo}\n", "$a $b hi"), Is.EqualTo("busybox echo hi"));

    // acb gathers every alias: block of a file into one text: the copies of "alias" are decoded into the same struct.
    [Test]
    public void Two_alias_blocks_are_read_in_turn_and_their_values_merged()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    a: busybox\nsteps:\n  - cmd: $a $b hi\nalias:\n  values:\n    b: echo\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox echo hi"));
        Assert.That(result.Diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateKey).Span.Line, Is.EqualTo(7));
    }

    [Test]
    public void A_later_alias_block_with_only_a_directive_keeps_the_values_under_the_new_directive()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    a: busybox\nsteps:\n  - cmd: &a $a $ID &ID\nalias:\n  directive: \"&\"\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox $a $ID run1"));
    }

    [Test]
    public void An_empty_later_alias_block_resets_the_aliases()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    a: busybox\nsteps:\n  - cmd: $a hi\nalias:\n");
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("$a hi"));
    }

    [Test]
    public void A_scalar_alias_block_is_an_error_at_its_value() =>
        Assert.That(Load.Errors(Load.Text("version: v1.1.0\nalias: x\nsteps:\n  - cmd: busybox\n")).Select(e => (e.Code, e.Span.Line, e.Span.Column)),
            Is.EqualTo(new[] { (DiagnosticCodes.InvalidAliasBlock, 2, 8) }));
}
