using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>Loader rules learnt by running acb (the runner behind ACR Tasks) on minimal files; each case says what acb did.</summary>
public class AcbFidelityTests
{
    // acb: an empty or null directive is yaml.v2's zero value, which it treats as not given ('$' stays the directive).
    [TestCase("\"\"")]
    [TestCase("''")]
    [TestCase("~")]
    [TestCase("")]
    public void An_empty_or_null_alias_directive_keeps_the_dollar(string directive)
    {
        var result = Load.Text($"version: v1.1.0\nalias:\n  directive: {directive}\nsteps:\n  - cmd: busybox echo $ID ~ID\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.RenderedText, Does.Contain("echo run1 ~ID"));
    }

    // acb: "error during alias unmarshaling: cannot unmarshal !!seq into string" (and !!map).
    [TestCase("[1, 2]")]
    [TestCase("{x: 1}")]
    public void A_list_or_map_alias_value_is_an_error(string value)
    {
        var result = Load.Text($"version: v1.1.0\nalias:\n  values:\n    a: {value}\nsteps:\n  - cmd: busybox echo $a\n");
        Assert.That(Load.Errors(result).Select(e => e.Code), Does.Contain(DiagnosticCodes.InvalidAliasBlock));
    }

    // acb: a null alias value is "", a !!binary one is decoded, `values: ~` is no values at all.
    [Test]
    public void Alias_values_are_read_as_yaml_v2_reads_strings()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    a: ~\n    b: !!binary aGk=\n    c: 0x1F\nsteps:\n  - cmd: busybox echo [$a] $b $c\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.RenderedText, Does.Contain("echo [] hi 0x1F"));
        var empty = Load.Text("version: v1.1.0\nalias:\n  values: ~\n  src: ~\nsteps:\n  - cmd: busybox echo $ID\n");
        Assert.That(Load.Errors(empty), Is.Empty);
        Assert.That(empty.RenderedText, Does.Contain("echo run1"));
    }

    // acb: timeout: !!int "30" is 30 s, !!float "30" too, !!int 0x1e is 30; !!int "abc" fails ("cannot decode !!str `abc` as a !!int"),
    // !!str 30 fails ("cannot unmarshal !!str `30` into int"), !!null "" is no timeout (600 s).
    [TestCase("!!int \"30\"", 30)]
    [TestCase("!!float \"30\"", 30)]
    [TestCase("!!int 0x1e", 30)]
    [TestCase("!!null \"\"", 600)]
    public void An_explicit_tag_is_honoured_in_a_number(string value, int seconds)
    {
        var result = Load.Text($"steps:\n  - cmd: busybox echo\n    timeout: {value}\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps[0].Timeout, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("!!int \"abc\"")]
    [TestCase("!!str 30")]
    [TestCase("!!bool \"true\"")]
    [TestCase("!!binary MzA=")]
    [TestCase("!!int 1.5")]
    public void A_tag_that_does_not_fit_a_number_is_an_error(string value)
    {
        var result = Load.Text($"steps:\n  - cmd: busybox echo\n    timeout: {value}\n");
        Assert.That(Load.Errors(result).Select(e => e.Code), Does.Contain(DiagnosticCodes.WrongType));
    }

    // acb (values file): !!binary is decoded, !!int "0x1F" is 31, !!bool "yes" true, !!float "1" 1, !!str ~ the text "~",
    // an unknown tag (!x 3) keeps the text; !!int "abc" fails ("failed to deserialize values ... cannot decode").
    [Test]
    public void Values_file_tags_are_resolved_as_yaml_v2_resolves_them()
    {
        var values = Path.GetTempFileName();
        try
        {
            File.WriteAllText(values, "a: !!binary aGk=\nb: !!int \"0x1F\"\nc: !!bool \"yes\"\nd: !!float \"1\"\ne: !!str ~\nf: !x 3\n");
            var result = Load.Text("steps:\n  - cmd: busybox echo {{.ValuesJSON}}\n", valuesFile: values);
            Assert.That(Load.Errors(result), Is.Empty);
            Assert.That(result.RenderedText, Does.Contain("{\"a\":\"hi\",\"b\":31,\"c\":true,\"d\":1,\"e\":\"~\",\"f\":\"3\"}"));
            File.WriteAllText(values, "a: !!int \"abc\"\n");
            Assert.That(Load.Errors(Load.Text("steps:\n  - cmd: busybox echo\n", valuesFile: values)).Select(e => e.Code),
                Does.Contain(DiagnosticCodes.InvalidValuesFile));
        }
        finally
        {
            File.Delete(values);
        }
    }
}

public class AcbFidelityTaskTests
{
    // acb: `env: [NOEQ]` with `steps: []` is accepted (the task env is parsed only when merged into a step); with a step it
    // fails ("cannot parse task environment variable NOEQ correctly").
    [Test]
    public void A_task_env_entry_without_equals_is_a_warning_only_without_steps()
    {
        var none = Load.Text("env:\n  - NOEQ\nsteps: []\n");
        Assert.That(Load.Errors(none), Is.Empty);
        Assert.That(Load.Warnings(none).Select(w => w.Code), Does.Contain(DiagnosticCodes.EnvWithoutEquals));
        var one = Load.Text("env:\n  - NOEQ\nsteps:\n  - cmd: busybox echo\n");
        Assert.That(Load.Errors(one).Select(e => e.Code), Does.Contain(DiagnosticCodes.EnvWithoutEquals));
    }

    // acb --dry-run accepts a nameless network; a real acb run fails creating it. TaskRunner keeps the error and says so.
    [Test]
    public void A_network_without_a_name_is_an_error_that_names_the_real_run_failure()
    {
        var result = Load.Text("networks:\n  - driver: bridge\nsteps:\n  - cmd: busybox echo hi\n");
        var error = Load.Errors(result).Single(e => e.Code == DiagnosticCodes.MissingRequired);
        Assert.That(error.Message, Does.Contain("dry run").And.Contain("real ACR run fails"));
    }
}

public class AcbFidelityYamlTests
{
    // acb reads only the first YAML document (yaml.v2): a second document, or lines indented less than the first key, are
    // ignored without an error, invalid YAML included (observed: each of these runs exactly step 'a' in acb).
    [TestCase("steps:\n  - cmd: busybox echo a\n---\nsteps: [\n", 3)]
    [TestCase("steps:\n  - cmd: busybox echo a\n...\n: : [\n", 4)]
    [TestCase("  steps:\n  - cmd: busybox echo a\nfoo: [\n", 3)]
    [TestCase("steps:\n  - cmd: busybox echo a\n---\nsteps:\n  - cmd: busybox echo b\n", 3)]
    public void Only_the_first_yaml_document_is_read_and_the_rest_is_warned_about(string text, int line)
    {
        var result = Load.Text(text);
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps.Select(s => s.Definition.Command), Is.EqualTo(new[] { "busybox echo a" }));
        Assert.That(Load.Warnings(result).Where(w => w.Code == DiagnosticCodes.IgnoredText).Select(w => w.Span.Line), Is.EqualTo(new[] { line }));
    }

    // acb: " version: v1.1.0" (indented) leaves aliases off ($ID stays) and, as the next line is indented less, reads
    // nothing after it: no steps run.
    [Test]
    public void An_indented_version_line_leaves_aliases_off_and_the_rest_is_ignored()
    {
        var result = Load.Text(" version: v1.1.0\nsteps:\n  - cmd: busybox echo $ID\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.RenderedText, Does.Contain("echo $ID"));
        Assert.That(result.Plan!.Steps, Is.Empty);
        Assert.That(Load.Warnings(result).Select(w => w.Code), Does.Contain(DiagnosticCodes.IgnoredText).And.Contain(DiagnosticCodes.AliasSwitch));
    }
}
