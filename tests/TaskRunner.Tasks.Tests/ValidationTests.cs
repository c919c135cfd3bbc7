using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>Every validation error with its code and position in the original file.</summary>
public class ValidationTests
{
    private static (string Code, int Line, int Column) Single(string text)
    {
        var result = Load.Text(text);
        var errors = Load.Errors(result);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        return (errors[0].Code, errors[0].Span.Line, errors[0].Span.Column);
    }

    [Test]
    public void Step_without_kind() =>
        Assert.That(Single("steps:\n- id: a\n"), Is.EqualTo((DiagnosticCodes.StepKindMissing, 2, 3)));

    [Test]
    public void Step_with_two_kinds() =>
        Assert.That(Single("steps:\n- cmd: busybox\n  build: .\n"), Is.EqualTo((DiagnosticCodes.StepKindAmbiguous, 3, 3)));

    [Test]
    public void Id_with_space() =>
        Assert.That(Single("steps:\n- id: 'a b'\n  cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.InvalidStepId, 2, 7)));

    [Test]
    public void Reserved_id() =>
        Assert.That(Single("steps:\n- id: acb_root\n  cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.ReservedStepId, 2, 7)));

    [Test]
    public void Duplicate_id() =>
        Assert.That(Single("steps:\n- id: a\n  cmd: busybox\n- id: a\n  cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.DuplicateStepId, 4, 7)));

    [Test]
    public void Duplicate_default_id() =>
        Assert.That(Single("steps:\n- cmd: busybox\n- id: acb_step_0\n  cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.DuplicateStepId, 3, 7)));

    [Test]
    public void When_mixes_dash_and_ids() =>
        Assert.That(Single("steps:\n- id: a\n  cmd: busybox\n- cmd: busybox\n  when: ['-', a]\n"), Is.EqualTo((DiagnosticCodes.WhenMixesImmediateAndIds, 5, 10)));

    [Test]
    public void When_names_unknown_step() =>
        Assert.That(Single("steps:\n- id: build\n  cmd: busybox\n- cmd: busybox\n  when: [biuld]\n"), Is.EqualTo((DiagnosticCodes.WhenUnknownStep, 5, 10)));

    [Test]
    public void When_names_later_step() =>
        Assert.That(Single("steps:\n- cmd: busybox\n  when: [b]\n- id: b\n  cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.WhenLaterStep, 3, 10)));

    [Test]
    public void When_names_itself() =>
        Assert.That(Single("steps:\n- id: a\n  cmd: busybox\n  when: [a]\n"), Is.EqualTo((DiagnosticCodes.WhenSelf, 4, 10)));

    [Test]
    public void When_names_a_step_twice() =>
        Assert.That(Single("steps:\n- id: a\n  cmd: busybox\n- cmd: busybox\n  when:\n  - a\n  - a\n"), Is.EqualTo((DiagnosticCodes.WhenDuplicate, 7, 5)));

    [Test]
    public void Step_env_without_equals_is_an_error_when_the_task_has_env() =>
        Assert.That(Single("env: ['A=1']\nsteps:\n- cmd: busybox\n  env:\n  - NOVALUE\n"), Is.EqualTo((DiagnosticCodes.EnvWithoutEquals, 5, 5)));

    [Test]
    public void Step_env_without_equals_is_only_a_warning_without_task_env_as_acb_never_checks_it()
    {
        var result = Load.Text("steps:\n- cmd: busybox\n  env:\n  - NOVALUE\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan, Is.Not.Null);
        var warning = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.EnvNameOnly);
        Assert.That((warning.Span.Line, warning.Span.Column), Is.EqualTo((4, 5)));
    }

    [Test]
    public void Task_env_without_equals() =>
        Assert.That(Single("env: ['A=1,B']\nsteps:\n- cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.EnvWithoutEquals, 1, 7)));

    [TestCase("retries")]
    [TestCase("repeat")]
    public void Negative_counts(string key) =>
        Assert.That(Single($"steps:\n- cmd: busybox\n  {key}: -1\n").Code, Is.EqualTo(DiagnosticCodes.NegativeValue));

    [Test]
    public void Invalid_cache() =>
        Assert.That(Single("steps:\n- build: .\n  cache: sometimes\n"), Is.EqualTo((DiagnosticCodes.InvalidCacheValue, 3, 10)));

    [Test]
    public void Mount_of_unknown_volume() =>
        Assert.That(Single("steps:\n- cmd: busybox\n  volumeMounts:\n  - name: v\n    mountPath: /run/x\n"), Is.EqualTo((DiagnosticCodes.UnknownVolume, 4, 5)));

    [Test]
    public void Duplicate_mount_path() =>
        Assert.That(Single("volumes:\n- name: v\n  secret: {a: YQ==}\n- name: w\n  secret: {a: YQ==}\nsteps:\n- cmd: busybox\n  volumeMounts:\n  - name: v\n    mountPath: /x\n  - name: w\n    mountPath: /x\n").Code,
            Is.EqualTo(DiagnosticCodes.DuplicateMountPath));

    // acb (yaml.v2) refuses each: "found a tab character that violates indentation", "found character that cannot
    // start any token", "found a tab character where an indentation space is expected" at the tab's line.
    [TestCase("steps:\n- cmd: busybox\n\ttimeout: 5\n", 3, 1)]
    [TestCase("steps:\n  - cmd: busybox\n  \tid: x\n", 3, 3)]
    [TestCase("steps:\n- cmd: busybox\n  env:\n\t- A=1\n", 4, 1)]
    [TestCase("version: v1.0.0\nsteps:\n\t- cmd: busybox\n", 3, 1)]
    [TestCase("steps:\n- cmd: busybox\n\t\n", 3, 1)]
    [TestCase("\t\n", 1, 1)]
    [TestCase("steps:\n- cmd: |\n    echo a\n\n\t\n    echo b\n", 5, 1)]
    [TestCase("steps:\n- cmd: |\n    echo a\n  \techo b\n", 4, 3)]
    [TestCase("# c\nsteps:\n{{- if true }}\n- cmd: busybox\n\ttimeout: 5\n{{- end }}\n", 5, 1)]
    public void A_tab_used_as_indentation_is_reported_on_its_own_line_and_column(string text, int line, int column)
    {
        var (code, l, c) = Single(text);
        Assert.That((code, l, c), Is.EqualTo((DiagnosticCodes.YamlSyntax, line, column)));
        Assert.That(Load.Errors(Load.Text(text))[0].Message, Does.Contain("tab"));
    }

    // Found by fuzzing: a merge key naming an unknown anchor made YamlDotNet throw KeyNotFoundException, an internal
    // error; acb fails with "yaml: unknown anchor 'nope' referenced".
    [Test]
    public void A_merge_key_naming_an_unknown_anchor_is_an_error_at_the_alias()
    {
        var (code, line, column) = Single("steps:\n  - cmd: busybox\n    <<: *nope\n");
        Assert.That((code, line, column), Is.EqualTo((DiagnosticCodes.YamlSyntax, 3, 9)));
        Assert.That(Load.Errors(Load.Text("steps:\n  - cmd: busybox\n    <<: *nope\n"))[0].Message, Does.Contain("unknown anchor 'nope'"));
    }

    // Found by fuzzing: YamlDotNet's scanner repeats a token without end on two byte order marks before tab
    // indentation; the load must still end, quickly, with the tab error.
    [Test]
    public void Two_byte_order_marks_and_tab_indentation_end_with_the_tab_error()
    {
        var load = Task.Run(() => Load.Errors(Load.Text("\uFEFF\uFEFF# c\nversion: v1.1.0\nsteps:\n\t- id: web\n")));
        Assert.That(load.Wait(TimeSpan.FromSeconds(60)), Is.True, "the load ended (before the fix it never did)");
        var errors = load.Result;
        Assert.That(errors.Select(e => e.Code), Does.Contain(DiagnosticCodes.YamlSyntax));
        Assert.That(errors.Any(e => e.Message.Contains("tab")), Is.True);
    }

    // acb accepts these: a tab after the indentation, inside a block scalar's content, or between words.
    [TestCase("steps:\n- cmd: |\n    echo a\n    \techo b\n")]
    [TestCase("steps:\n- cmd: busybox echo\ta\n")]
    [TestCase("steps:\n- cmd: echo a\n   \tb\n")]
    [TestCase("steps:\n- cmd: busybox\n  timeout:\t5\n")]
    public void A_tab_that_is_not_indentation_is_accepted(string text) =>
        Assert.That(Load.Errors(Load.Text(text)), Is.Empty);

    // Errors inside {{- if }} blocks point at the line the user wrote, also where trim markers join rendered lines.
    [TestCase("steps:\n- cmd: busybox\n{{- if true -}}\n  timeout: x\n{{- end }}\n", DiagnosticCodes.YamlSyntax, 4, 10)]
    [TestCase("steps:\n- cmd: busybox\n  id: a\n{{- if true -}}\n  \n  timeout: 5 :\n{{- end }}\n", DiagnosticCodes.YamlSyntax, 6, 10)]
    [TestCase("steps:\n{{- if true }}\n- cmd: busybox\n  timeout: x\n{{- end }}\n", DiagnosticCodes.WrongType, 4, 12)]
    [TestCase("steps:\n- cmd: busybox\n  id: a\n{{- if true }}\n{{- if true }}\n- cmd: busybox\n  timeout: x\n{{- end }}\n{{- end }}\n", DiagnosticCodes.WrongType, 7, 12)]
    [TestCase("steps:\n- cmd: busybox\n\n\n{{- if eq 1 \"a\" }}\n  id: x\n{{- end }}\n", DiagnosticCodes.TemplateExecution, 5, 8)]
    public void An_error_inside_an_if_block_is_at_the_line_the_user_sees(string text, string code, int line, int column) =>
        Assert.That(Single(text), Is.EqualTo((code, line, column)));

    [Test]
    public void A_scalar_push_is_one_error_quoting_the_text()
    {
        var result = Load.Text("steps:\n- push: myimage:1\n");
        var only = result.Diagnostics.Single();
        Assert.That((only.Code, only.Span.Line, only.Span.Column), Is.EqualTo((DiagnosticCodes.WrongType, 2, 9)));
        Assert.That(only.Message, Does.Contain("the text 'myimage:1'").And.Contain("'push: [myimage:1]'"));
    }

    [Test]
    public void An_empty_push_list_is_a_step_without_kind_as_in_acb() =>
        Assert.That(Single("steps:\n- push: []\n").Code, Is.EqualTo(DiagnosticCodes.StepKindMissing));

    [Test]
    public void Mounts_not_on_push_steps() =>
        Assert.That(Single("volumes:\n- name: v\n  secret: {a: YQ==}\nsteps:\n- push: [a]\n  volumeMounts:\n  - name: v\n    mountPath: /x\n"),
            Is.EqualTo((DiagnosticCodes.VolumeMountOnPush, 6, 3)));

    // acb mounts a build step's volumes into the docker CLI container that runs the build, and accepts an empty list on push.
    [TestCase("- build: -t img:1 .\n  volumeMounts:\n  - name: v\n    mountPath: /run/x\n")]
    [TestCase("- push: [img:1]\n  volumeMounts: []\n")]
    public void Mounts_on_build_steps_and_an_empty_list_on_push_are_accepted(string step)
    {
        var result = Load.Text("volumes:\n- name: v\n  secret: {a: YQ==}\nsteps:\n" + step);
        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
    }

    // Each observed with acb (exit 1 with acb's message); TaskRunner reports it at its place.
    [TestCase("secrets:\n- id: s1\n", "TR2024", 2, 3)]
    [TestCase("secrets:\n- id: s1\n  aadResourceId: x\n", "TR2024", 2, 3)]
    [TestCase("secrets:\n- id: s1\n  clientID: 3fa85f64-5717-4562-b3fc-2c963f66afa6\n", "TR2024", 2, 3)]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x\n  clientID: abc\n", "TR2025", 4, 13)]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x\n  clientID: 3fa85f64-5717-4562-b3fc-2c963f66afa\n", "TR2025", 4, 13)]
    [TestCase("secrets:\n- id: a b\n  keyvault: https://v.vault.azure.net/secrets/x\n", "TR2026", 2, 7)]
    [TestCase("secrets:\n- id: \"a\\tb\"\n  keyvault: https://v.vault.azure.net/secrets/x\n", "TR2026", 2, 7)]
    [TestCase("volumes:\n- name: v\n  secret:\n    a/b: YQ==\n", "TR2027", 4, 5)]
    [TestCase("volumes:\n- name: v\n  secret:\n    '': YQ==\n", "TR2027", 4, 5)]
    [TestCase("volumes:\n- name: v\n  secret:\n    ok.txt: YQ==\n    ../x: YQ==\n", "TR2027", 5, 5)]
    [TestCase("volumes:\n- name: v\n", "TR2028", 2, 3)]
    [TestCase("secrets:\n- id: s1\n  keyvault: http://v.vault.azure.net/secrets/a\n", "TR2030", 3, 13)]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v/secrets/a\n", "TR2030", 3, 13)]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/keys/a\n", "TR2030", 3, 13)]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/a/b/c\n", "TR2030", 3, 13)]
    [TestCase("volumes:\n- name: v\n  secret:\n", "TR2028", 3, 3)]
    [TestCase("volumes:\n- name: v\n  secret: {}\n", "TR2029", 3, 11)]
    public void Secret_and_volume_errors_that_acb_reports(string head, string code, int line, int column) =>
        Assert.That(Single(head + "steps:\n- cmd: busybox\n"), Is.EqualTo((code, line, column)));

    // Accepted by acb: an msi secret (the lower-case key yaml.v2 derives from acb's field) and every GUID form google/uuid parses.
    [TestCase("secrets:\n- id: s1\n  aadresourceid: https://management.azure.com/\n")]
    [TestCase("secrets:\n- id: s1\n  aadresourceid: x\n  clientID: 3FA85F64-5717-4562-B3FC-2C963F66AFA6\n")]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x\n  clientID: '{3fa85f64-5717-4562-b3fc-2c963f66afa6}'\n")]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x\n  clientID: 3fa85f6457174562b3fc2c963f66afa6\n")]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x\n  clientID: urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6\n")]
    [TestCase("secrets:\n- id: s1\n  keyvault: https://v.vault.azure.net/secrets/x/0123456789abcdef\n")]
    [TestCase("volumes:\n- name: v\n  secret:\n    a-b_c.d: YQ==\n    empty:\n")]
    public void Secrets_and_volumes_that_acb_accepts(string head)
    {
        var result = Load.Text(head + "steps:\n- cmd: busybox\n");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Volume_name_rules() =>
        Assert.That(Single("volumes:\n- name: 'bad name'\n  secret: {a: YQ==}\nsteps:\n- cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.InvalidVolumeName, 2, 3)));

    [Test]
    public void Secret_content_must_be_base64() =>
        Assert.That(Single("volumes:\n- name: v\n  secret:\n    f: 'not base64!'\nsteps:\n- cmd: busybox\n"), Is.EqualTo((DiagnosticCodes.InvalidSecretContent, 4, 8)));

    [Test]
    public void Duplicate_secret() =>
        Assert.That(Single("secrets:\n- id: a\n  keyvault: https://v.vault.azure.net/secrets/a\n- id: a\n  keyvault: https://v.vault.azure.net/secrets/a\nsteps:\n- cmd: busybox\n").Code,
            Is.EqualTo(DiagnosticCodes.DuplicateSecret));

    [Test]
    public void Wrong_types_are_errors() =>
        Assert.That(Single("steps:\n- cmd: busybox\n  timeout: soon\n"), Is.EqualTo((DiagnosticCodes.WrongType, 3, 12)));

    [Test]
    public void Numbers_and_booleans_are_read_as_acbs_yaml_library_reads_them()
    {
        var result = Load.Text("steps:\n- cmd: busybox\n  timeout: 30.9\n  retries: 1e1\n  keep: yes\n  detach: On\n- cmd: busybox\n  timeout: 0x10\n  repeat: 0_1_0\n  ignoreErrors: n\n");
        Assert.That(Load.Errors(result), Is.Empty);
        var steps = result.Plan!.Steps;
        Assert.That((steps[0].Timeout, steps[0].Retries, steps[0].Definition.Keep, steps[0].Definition.Detach),
            Is.EqualTo((TimeSpan.FromSeconds(30), 10, true, true)));
        Assert.That((steps[1].Timeout, steps[1].Repeat, steps[1].Definition.IgnoreErrors), Is.EqualTo((TimeSpan.FromSeconds(16), 8, false)));
    }

    [TestCase("timeout: '30'", "quoted text, which ACR cannot read as a number")]
    [TestCase("keep: \"true\"", "quoted text, which ACR cannot read as true or false")]
    [TestCase("retries: 99999999999", "out of range")]
    public void Quoted_numbers_and_booleans_are_errors_as_in_acb(string line, string message)
    {
        var error = Load.Errors(Load.Text("steps:\n- cmd: busybox\n  " + line + "\n")).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.WrongType, 3, line.IndexOf(':') + 5)));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void A_key_given_twice_keeps_its_last_value_with_a_warning_as_in_acb()
    {
        var result = Load.Text("steps:\n- id: first\n  cmd: busybox\n  id: second\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps.Single().Id, Is.EqualTo("second"));
        var warning = result.Diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateKey);
        Assert.That((warning.Span.Line, warning.Span.Column), Is.EqualTo((4, 3)));
    }

    [Test]
    public void Merge_keys_apply_in_order_as_acbs_yaml_library_applies_them()
    {
        var result = Load.Text("x-defaults: &defaults\n  timeout: 30\n  env: [A=1]\nsteps:\n- <<: *defaults\n  cmd: busybox\n  timeout: 40\n- cmd: busybox\n  <<: *defaults\n");
        Assert.That(Load.Errors(result), Is.Empty);
        var steps = result.Plan!.Steps;
        Assert.That((steps[0].Timeout, steps[1].Timeout), Is.EqualTo((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(30))));
        Assert.That(steps[0].Env, Does.Contain("A=1"));
        Assert.That(result.Diagnostics.Where(d => d.Code == DiagnosticCodes.DuplicateKey), Is.Empty, "a merged key overridden is no mistake");
    }

    [Test]
    public void Steps_must_be_mappings() =>
        Assert.That(Single("steps:\n- just a string\n"), Is.EqualTo((DiagnosticCodes.NotAMapping, 2, 3)));

    [Test]
    public void All_errors_are_reported_at_once()
    {
        var result = Load.Text("env: [T=1]\nsteps:\n- id: a b\n  cmd: busybox\n  retries: -1\n- cmd: busybox\n  when: [nope]\n  env: [X]\n");
        Assert.That(Load.Errors(result).Select(e => e.Code), Is.EquivalentTo(new[]
        {
            DiagnosticCodes.InvalidStepId, DiagnosticCodes.NegativeValue, DiagnosticCodes.WhenUnknownStep, DiagnosticCodes.EnvWithoutEquals,
        }));
        Assert.That(result.Plan, Is.Null);
    }

    [TestCase("entrypoint", "entryPoint")]
    [TestCase("volumeMount", "volumeMounts")]
    [TestCase("retry", "retries")]
    public void Unknown_keys_warn_with_a_suggestion(string key, string suggestion)
    {
        var result = Load.Text($"steps:\n- cmd: busybox\n  {key}: x\n");
        var warning = Load.Warnings(result).Single();
        Assert.That((warning.Code, warning.Span.Line, warning.Span.Column), Is.EqualTo((DiagnosticCodes.UnknownKey, 3, 3)));
        Assert.That(warning.Message, Does.Contain($"'{suggestion}'"));
    }

    [Test]
    public void Push_of_an_image_built_earlier_is_fine_and_latest_is_implied()
    {
        var result = Load.Text("steps:\n- build: -t app .\n- push: [app:latest, app]\n");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Push_of_an_image_pulled_or_tagged_by_a_cmd_is_fine()
    {
        var result = Load.Text("steps:\n- cmd: docker pull a/b:1\n- cmd: docker tag a/b:1 c/d:2\n- push: [a/b:1, c/d:2]\n");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Push_before_the_build_warns()
    {
        var result = Load.Text("steps:\n- push: [app]\n- build: -t app .\n");
        Assert.That(Load.Warnings(result).Single().Code, Is.EqualTo(DiagnosticCodes.PushNotBuilt));
    }

    [Test]
    public void Platform_contradicting_tag_warns()
    {
        var result = Load.Text("steps:\n- build: --platform linux/arm64 -t app:1-amd64 .\n");
        var warning = Load.Warnings(result).Single();
        Assert.That((warning.Code, warning.Span.Column), Is.EqualTo((DiagnosticCodes.ArchitectureMismatch, 21)));
    }

    [Test]
    public void Matching_architectures_do_not_warn()
    {
        var result = Load.Text("steps:\n- build: -f Dockerfile.arm64 --platform linux/arm64 -t app:1-arm64 .\n- build: -t app:amd64 -f amd64.Dockerfile .\n");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Buildx_flags_on_a_buildkit_step_are_no_warning()
    {
        var result = Load.Text("env: [DOCKER_BUILDKIT=1]\nsteps:\n- build: --secret id=s,src=f -t app .\n");
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void Build_arguments_the_executor_cannot_run_are_a_warning_before_the_run()
    {
        var result = Load.Text("steps:\n- build: --squash -t app .\n");
        var warning = Load.Warnings(result).Single();
        Assert.That((warning.Code, warning.Span.Line, warning.Span.Column), Is.EqualTo((DiagnosticCodes.UnrunnableBuildArguments, 2, 10)));
        Assert.That(warning.Message, Does.Contain("--squash"));
    }
}
