using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Tasks.Tests;

public class LoadingTests
{
    [TestCase("version: v1.1.0", "v1.1.0")]
    [TestCase("version: V1.1.0", "v1.1.0")]
    [TestCase("\"version\": v1.0.0", "v1.0.0")]
    [TestCase("'version': 1.0-preview-1", "1.0-preview-1")]
    [TestCase("# no version line", "v1.0.0")]
    public void Version_is_detected_on_the_raw_text(string line, string expected)
    {
        var result = Load.Text(line + "\nsteps:\n- cmd: busybox\n");
        Assert.That(result.Task!.Version, Is.EqualTo(expected));
    }

    // Observed with acb: the alias switch compares the raw version text (after the colon, quotes trimmed, a comment
    // kept) with "v1.1.0" case-sensitively; the version that is validated is the YAML value, in any case.
    [TestCase("version: V1.1.0", null, "busybox echo $ID", true)]
    [TestCase("version: v1.1.0 # aliases on", null, "busybox echo run1", false)]
    [TestCase("'version': \"v1.1.0\"", null, "busybox echo run1", false)]
    [TestCase("version: v1.0.0", null, "busybox echo $ID", false)]
    [TestCase("version: '{{ .Values.v }}'", "v=v1.0.0", "busybox echo run1", true)]
    [TestCase("version: '{{ .Values.v }}'", "v=v1.1.0", "busybox echo run1", false)]
    public void Aliases_are_switched_on_by_the_raw_version_text_as_acb_does(string versionLine, string? set, string command, bool warned)
    {
        var result = Load.Text(versionLine + "\nsteps:\n- cmd: busybox echo $ID\n", set: set is null ? [] : [set]);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo(command));
        Assert.That(result.Diagnostics.Where(d => d.Code == DiagnosticCodes.AliasSwitch).Select(d => (d.Span.Line, d.Severity)),
            warned ? Is.EqualTo(new[] { (1, Severity.Warning) }) : Is.Empty);
    }

    [Test]
    public void A_byte_order_mark_keeps_aliases_off_as_in_acb_with_a_warning_at_the_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tr-bom-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "version: v1.1.0\nsteps:\n- cmd: busybox echo $ID\n"u8.ToArray()]);
        try
        {
            var result = TaskLoader.Load(new LoadRequest { File = path, Run = new RunContext { Id = "run1", Registry = "reg.example.io" } });
            Assert.That(result.Task!.Version, Is.EqualTo("v1.1.0"));
            Assert.That(result.Task.Steps[0].Command, Is.EqualTo("busybox echo $ID"));
            var warning = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.AliasSwitch);
            Assert.That((warning.Span.Line, warning.Span.Column, warning.Message), Is.EqualTo((1, 1, warning.Message)));
            Assert.That(warning.Message, Does.Contain("byte order mark"));
            Assert.That(Load.Errors(result), Is.Empty);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Columns_on_the_first_line_do_not_count_a_byte_order_mark()
    {
        var error = Load.Errors(Load.Text("\uFEFFversion: v9\nsteps:\n- cmd: busybox\n")).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.InvalidVersion, 1, 10)));
    }

    [Test]
    public void An_indented_version_line_in_a_block_scalar_is_not_the_tasks_version()
    {
        var result = Load.Text("steps:\n- cmd: busybox sh -c 'cat compose.yaml'\n  env:\n  - |\n    C=1\n    version: \"3.8\"\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Version, Is.EqualTo("v1.0.0"));
    }

    [Test]
    public void Invalid_version_names_the_bad_value_at_its_position()
    {
        var result = Load.Text("# header\nversion: v2.0.0\nsteps:\n- cmd: busybox\n");
        var error = Load.Errors(result).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.InvalidVersion, 2, 10)));
        Assert.That(error.Message, Does.Contain("v2.0.0"));
    }

    [Test]
    public void Comment_lines_are_removed_before_rendering_even_inside_block_scalars()
    {
        var text = "steps:\n# {{ this would not parse\n- cmd: |\n    echo a\n    # gone\n    echo b # kept\n";
        var result = Load.Text(text);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("echo a\necho b # kept\n"));
    }

    [Test]
    public void Run_data_is_available_to_templates()
    {
        var run = new RunContext
        {
            Id = "cf1", Registry = "myreg.azurecr.io", Commit = "abc", Branch = "main", Repository = "r", GitTag = "v1",
            TriggeredBy = "manual", TaskName = "t", OSVersion = "10", SharedVolume = "vol",
            StartTime = new DateTimeOffset(2010, 5, 20, 13, 14, 22, TimeSpan.Zero),
        };
        var text = "steps:\n- cmd: x {{.Run.ID}} {{.Run.Registry}} {{.Run.RegistryName}} {{.Run.Date}} {{.Run.Commit}} {{.Run.Branch}} {{.Run.Repository}} {{.Run.GitTag}} {{.Run.TriggeredBy}} {{.Run.TaskName}} {{.Run.OSVersion}} {{.Run.SharedVolume}} {{.Run.OS}} {{.Build.ID}}\n";
        Assert.That(Load.Text(text, run).Task!.Steps[0].Command,
            Is.EqualTo("x cf1 myreg.azurecr.io myreg 20100520-131422z abc main r v1 manual t 10 vol linux cf1"));
    }

    [Test]
    public void RegistryName_without_a_dot_is_the_registry()
    {
        Assert.That(new RunContext { Registry = "localhost:5000" }.RegistryName, Is.EqualTo("localhost:5000"));
    }

    [Test]
    public void Missing_keys_render_empty()
    {
        Assert.That(Load.Text("steps:\n- cmd: x{{.Values.nope}}y{{.Run.Nope}}z\n").Task!.Steps[0].Command, Is.EqualTo("xyz"));
    }

    [Test]
    public void Values_file_and_set_are_merged_with_set_winning_even_over_a_map_as_in_acb()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "tag: file\nnested:\n  a: 1\nkeep: file\n");
            // acb: values file `a: {b: 1}` with --set a=x renders {{ .Values.a }} as x (the set replaces the whole map).
            var result = Load.Text("steps:\n- cmd: x {{.Values.tag}} {{.Values.nested}} {{.Values.keep}} {{index .Values \"a.b\"}}\n",
                set: ["tag=first", "tag=set", "a.b=literal", "nested=scalar"], valuesFile: path);
            Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("x set scalar file literal"));
        }
        finally { File.Delete(path); }
    }

    [TestCase("flag: no", "{{ if .Values.flag }}T{{ else }}F{{ end }}", "F")]
    [TestCase("flag: 'no'", "{{ if .Values.flag }}T{{ else }}F{{ end }}", "T")]
    [TestCase("a: yes\nb: On\nc: N\nd: OFF\ne: True\nf: y", "{{ .Values.a }} {{ .Values.b }} {{ .Values.c }} {{ .Values.d }} {{ .Values.e }} {{ .Values.f }}", "true true false false true true")]
    [TestCase("a: 0x1F\nb: 010\nc: 0b101\nd: 1_000\ne: -0b11\nf: +7", "{{ add .Values.a .Values.b .Values.c .Values.d }} {{ .Values.e }} {{ .Values.f }}", "1044 -3 7")]
    [TestCase("a: 08\nb: 1e3\nc: .5\nd: 1.0", "{{ printf \"%T %v %v %v %v\" .Values.a .Values.a .Values.b .Values.c .Values.d }}", "float64 8 1000 0.5 1")]
    [TestCase("a: 18446744073709551615\nc: 2001-12-14\nd: 1:20\ne: \"0x1F\"\nf: !!str 12", "{{ .Values.a }} {{ .Values.c }} {{ .Values.d }} {{ .Values.e }} {{ printf \"%T\" .Values.f }}", "18446744073709551615 2001-12-14 1:20 0x1F string")]
    public void Values_file_scalars_resolve_as_yaml_v2_does(string yaml, string template, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, yaml + "\n");
            Assert.That(Load.Text("steps:\n- cmd: x " + template + "\n", valuesFile: path).Task!.Steps[0].Command, Is.EqualTo("x " + expected));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void A_values_file_json_cannot_encode_is_an_error_as_in_acb()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a: .inf\n");
            var error = Load.Errors(Load.Text("steps:\n- cmd: x\n", valuesFile: path)).Single();
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
            Assert.That(error.Message, Does.Contain("failed to serialize Values: json: unsupported value: +Inf"));
        }
        finally { File.Delete(path); }
    }

    [TestCase("novalue")]
    [TestCase("=value")]
    public void Bad_set_is_an_error(string set)
    {
        var result = Load.Text("steps:\n- cmd: busybox\n", set: [set]);
        Assert.That(Load.Errors(result).Single().Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
    }

    [Test]
    public void Set_splits_at_the_first_equals_only_and_keeps_commas()
    {
        Assert.That(Load.Text("steps:\n- cmd: x {{.Values.k}}\n", set: ["k=a=b,c"]).Task!.Steps[0].Command, Is.EqualTo("x a=b,c"));
    }

    [Test]
    public void Secrets_and_json_data_are_available()
    {
        var result = Load.Text("steps:\n- cmd: x {{.Secrets.token}} {{.ValuesJSON}}\n", set: ["b=2", "a=it's"],
            secrets: new Dictionary<string, string> { ["token"] = "s3cr3t" });
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("x s3cr3t '{\"a\":\"it'\"'\"'s\",\"b\":\"2\"}'"));
    }

    [Test]
    public void Json_data_is_go_json_marshal_quoted_as_acb_quotes_it()
    {
        Assert.That(Load.Rendered("{{ .ValuesJSON }}", set: ["x=<a&b>", "q=it's"]).TrimEnd(),
            Is.EqualTo("'{\"q\":\"it'\"'\"'s\",\"x\":\"\\u003ca\\u0026b\\u003e\"}'"));
        var run = new RunContext { Id = "r<1>", Registry = "reg.io", StartTime = DateTimeOffset.UnixEpoch };
        Assert.That(Load.Rendered("{{ .RunJSON }}", run), Does.StartWith("'{\"Architecture\":").And.Contain("\"ID\":\"r\\u003c1\\u003e\""));
    }

    [Test]
    public void Every_no_value_is_removed_from_the_rendered_text_as_acb_does()
    {
        Assert.That(Load.Rendered("steps:\n- cmd: a<no value>b {{ .Values.v }} {{ print \"<no value>\" }}c\n", set: ["v=x<no value>y"]),
            Is.EqualTo("steps:\n- cmd: ab xy c\n"));
    }

    // Observed with acb: exit 1 "rendered template was empty" only when the text left after comment lines renders to
    // nothing at all; a file of comment lines, blank lines or a render that leaves a line break is an empty task (exit 0).
    [TestCase("{{ if .Values.never }}\nsteps:\n- cmd: busybox\n{{ end -}}\n")]
    [TestCase("{{ if .Values.never }}\nsteps:\n- cmd: busybox\n{{ end }}")]
    [TestCase("# c\n{{- /* x */ -}}\n")]
    [TestCase("{{ if false }}x{{ end }}")]
    public void A_text_that_renders_to_nothing_at_all_is_an_error(string text) =>
        Assert.That(Load.Errors(Load.Text(text)).Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.EmptyRender }));

    [TestCase("# only\n# comments\n")]
    [TestCase("# only")]
    [TestCase("")]
    [TestCase("\n\n# c\n")]
    [TestCase("   \n")]
    [TestCase("  # indented comment\n\f# after a form feed\n")]
    [TestCase("{{ if .Values.never }}\nsteps:\n- cmd: busybox\n{{ end }}\n")]
    [TestCase("{{ if false }}x{{ end }}\n")]
    [TestCase("# c\n{{ if true }}\n{{ end -}}")]
    [TestCase("version: v1.1.0")]
    [TestCase("---\n")]
    [TestCase("{}\n")]
    public void Comment_only_blank_and_whitespace_renders_are_an_empty_task_as_in_acb(string text)
    {
        var result = Load.Text(text);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps, Is.Empty);
    }

    // Observed with acb: a document end marker as the stream's first token fails ("did not find expected node content").
    [TestCase("...\n", 1)]
    [TestCase("\n...\n", 2)]
    [TestCase("# c\n...\n---\nsteps: []\n", 2)]
    public void A_document_end_marker_before_any_content_is_an_error(string text, int line)
    {
        var error = Load.Errors(Load.Text(text)).Single();
        Assert.That((error.Code, error.Span.Line), Is.EqualTo((DiagnosticCodes.YamlSyntax, line)));
    }

    [TestCase("---\n...\n")]
    [TestCase("steps: []\n...\n...\n")]
    public void A_document_end_marker_after_a_document_is_fine(string text)
    {
        var result = Load.Text(text);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Task!.Steps, Is.Empty);
    }

    [Test]
    public void Delimiters_can_be_changed()
    {
        var result = Load.Text("steps:\n- cmd: x << .Run.ID >> {{ not a template }}\n", left: "<<", right: ">>");
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("x run1 {{ not a template }}"));
    }

    [Test]
    public void Template_errors_point_into_the_original_file()
    {
        var result = Load.Text("# comment\n# comment\nsteps:\n- cmd: x {{ .Run.ID | nosuchfunction }}\n");
        var error = Load.Errors(result).Single();
        Assert.That(error.Span.Line, Is.EqualTo(4));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.TemplateSyntax).Or.EqualTo(DiagnosticCodes.TemplateExecution));
    }

    [Test]
    public void A_field_of_a_missing_value_is_an_error_at_its_position_as_in_acb()
    {
        var result = Load.Text("# comment\nsteps:\n- cmd: x {{ .Values.image.tag | default \"d\" }}\n");
        var error = Load.Errors(result).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.TemplateExecution, 3, 13)));
        Assert.That(error.Message, Does.Contain("nil pointer evaluating interface {}.tag"));
    }

    [Test]
    public void A_missing_Values_inside_range_over_maps_gets_the_dollar_hint()
    {
        var data = Load.Text("steps:\n{{ range $m := list (dict \"k\" 1) }}- cmd: x {{ .Values.tag }}\n{{ end }}");
        var error = Load.Errors(data).Single();
        Assert.That(error.Message, Does.Contain("write $.Run or $.Values"));
    }

    [Test]
    public void Yaml_errors_after_rendering_point_into_the_original_file()
    {
        var result = Load.Text("# c\nversion: v1.0.0\n# c\nsteps:\n- cmd: {{.Values.x}}\n  id: [unclosed\n");
        var error = Load.Errors(result).Single();
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.YamlSyntax));
        Assert.That(error.Span.Line, Is.GreaterThanOrEqualTo(6));
    }

    [Test]
    public void Positions_survive_comment_removal_and_rendering()
    {
        var text = "# one\n# two\nversion: v1.1.0\nsteps:\n  # three\n  - cmd: busybox $ID {{.Run.Registry}}\n    entrypoint: sh\n";
        var result = Load.Text(text);
        var warning = Load.Warnings(result).Single();
        Assert.That((warning.Code, warning.Span.Line, warning.Span.Column), Is.EqualTo((DiagnosticCodes.UnknownKey, 7, 5)));
        Assert.That(warning.Message, Does.Contain("entryPoint"));
    }

    [Test]
    public void Positions_inside_a_range_map_to_the_template_line()
    {
        var text = "steps:\n{{ range $i, $e := list \"a\" \"b\" }}\n- cmd: busybox {{ $e }}\n  bogus: 1\n{{ end }}\n";
        var result = Load.Text(text);
        var warnings = Load.Warnings(result);
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings.Select(w => w.Span.Line), Is.All.EqualTo(4));
    }

    [Test]
    public void Scalar_where_a_list_is_expected_is_an_error()
    {
        var result = Load.Text("steps:\n- push: myimage\n");
        Assert.That(Load.Errors(result).Select(e => (e.Code, e.Span.Line, e.Span.Column)), Does.Contain((DiagnosticCodes.WrongType, 2, 9)));
    }

    [Test]
    public void Task_env_is_split_on_commas()
    {
        var result = Load.Text("env: [\"A=1,B=2\"]\nsteps:\n- cmd: busybox\n  env: [\"B=3\"]\n");
        Assert.That(result.Plan!.Steps[0].Env, Is.EqualTo(new[] { "B=3", "A=1" }));
    }

    [Test]
    public void Missing_file_is_a_diagnostic_not_an_exception()
    {
        var result = TaskLoader.Load(new LoadRequest { File = "/nonexistent/acr-task.yaml" });
        Assert.That(Load.Errors(result).Single().Code, Is.EqualTo(DiagnosticCodes.FileNotFound));
    }

    [Test]
    public void An_alias_for_run_data_inside_a_range_gets_a_hint()
    {
        var text = "version: v1.1.0\nsteps:\n{{ range list \"a\" }}\n- cmd: busybox echo $ID\n{{ end }}\n";
        var error = Load.Errors(Load.Text(text)).Single();
        Assert.That(error.Span.Line, Is.EqualTo(4));
        Assert.That(error.Message, Does.Contain("write $.Run"));
    }

    // acb accepts both (in about a second); the YAML reader's event limit must not refuse real files.
    [Test]
    public void A_task_of_thirty_thousand_steps_is_accepted()
    {
        var text = new System.Text.StringBuilder("version: v1.0.0\nsteps:\n");
        for (var i = 0; i < 30_000; i++) text.Append($"- id: s{i}\n  cmd: busybox echo {i}\n  when: [\"-\"]\n");
        var result = Load.Text(text.ToString());
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics.Take(3)));
        Assert.That(result.Plan!.Steps, Has.Count.EqualTo(30_000));
    }

    [Test]
    public void Five_megabytes_of_valid_yaml_with_merge_keys_are_accepted()
    {
        var text = new System.Text.StringBuilder("base: &base\n  env: [\"A=1\", \"B=2\"]\n  timeout: 60\nsteps:\n");
        var i = 0;
        while (text.Length < 5 * 1024 * 1024)
            text.Append($"- <<: *base\n  id: step{i}\n  cmd: busybox sh -c \"echo {new string('x', 150)} {i++}\"\n");
        var result = Load.Text(text.ToString());
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics.Take(3)));
        Assert.That(result.Plan!.Steps, Has.Count.EqualTo(i));
        Assert.That(result.Plan.Steps[^1].Definition.Env.Select(e => e.Value), Is.EqualTo(new[] { "A=1", "B=2" }));
    }

    [Test]
    public void A_merge_key_bomb_is_refused()
    {
        var text = new System.Text.StringBuilder("x0: &x0 {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8, k8: 9, k9: 10}\n");
        for (var i = 1; i < 9; i++)
            text.Append($"x{i}: &x{i}\n  <<: [{string.Join(",", Enumerable.Repeat($"*x{i - 1}", 10))}]\n  z{i}: 1\n");
        text.Append("steps:\n- cmd: busybox\n");
        Assert.That(Load.Errors(Load.Text(text.ToString())).Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.YamlSyntax }));
    }

    [Test]
    public void A_billion_laughs_values_file_is_refused()
    {
        var text = new System.Text.StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            text.Append($"{name}: &{name} [{string.Join(",", Enumerable.Repeat("*" + previous, 10))}]\n");
            previous = name.ToString();
        }
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text.ToString());
            var error = Load.Errors(Load.Text("steps:\n- cmd: busybox\n", valuesFile: path)).Single();
            Assert.That((error.Code, error.Message), Is.EqualTo((DiagnosticCodes.InvalidValuesFile, error.Message)));
            Assert.That(error.Message, Does.Contain("YAML alias"));
        }
        finally { File.Delete(path); }
    }
}
