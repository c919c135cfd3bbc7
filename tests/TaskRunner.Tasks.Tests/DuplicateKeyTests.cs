using TaskRunner.Tasks.Diagnostics;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// A key written twice in one mapping, as acb reads it (observed with acb; corpus cases loading/duplicate-key-*): yaml.v2
/// decodes every copy into the same field, so a wrong type in any copy fails the file at that copy, the checks made after
/// decoding see only the last copy, and the copies of a volume's <c>secret</c> map are merged.
/// </summary>
public sealed class DuplicateKeyTests
{
    private static IReadOnlyList<(string Code, int Line, int Column)> Errors(string text) =>
        Load.Errors(Load.Text(text)).Select(e => (e.Code, e.Span.Line, e.Span.Column)).ToList();

    [Test]
    public void A_wrong_type_in_the_earlier_copy_is_an_error_at_that_copy() =>
        Assert.That(Errors("steps:\n  - cmd: busybox echo a\n    timeout: abc\n    timeout: 10\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 3, 14) }));

    [Test]
    public void The_last_copy_still_wins_when_every_copy_has_the_right_type()
    {
        var result = Load.Text("steps:\n  - cmd: busybox echo a\n    timeout: 10\n    timeout: 20\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps.Single().Timeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void The_middle_of_three_copies_is_checked_too() =>
        Assert.That(Errors("steps:\n  - cmd: busybox echo a\n    retries: 1\n    retries: abc\n    retries: 2\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 4, 14) }));

    [Test]
    public void A_type_error_deep_in_an_earlier_copy_of_steps_is_reported_where_it_is() =>
        Assert.That(Errors("steps:\n  - cmd: busybox echo a\n    detach: 3\nsteps:\n  - cmd: busybox echo b\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 3, 13) }));

    [Test]
    public void Checks_made_after_decoding_see_only_the_last_copy() =>
        Assert.That(Errors("version: v9\nversion: v1.1.0\nsteps:\n  - foo: 1\n  - cmd: busybox\n    id: \"a b\"\nsteps:\n  - cmd: busybox echo a\n"), Is.Empty);

    [Test]
    public void An_earlier_copy_in_a_flow_mapping_is_checked() =>
        Assert.That(Errors("steps:\n  - {cmd: busybox echo a, timeout: abc, timeout: 10}\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 2, 36) }));

    [Test]
    public void What_a_merge_key_brings_in_is_checked_at_the_anchor() =>
        Assert.That(Errors("b: &b\n  timeout: abc\nsteps:\n  - cmd: busybox echo a\n    <<: *b\n    timeout: 10\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 2, 12) }));

    [Test]
    public void An_anchor_in_an_earlier_copy_can_still_be_used()
    {
        var result = Load.Text("steps: &s\n  - cmd: busybox echo a\nsteps: *s\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Plan!.Steps, Has.Count.EqualTo(1));
    }

    private const string Volume = "steps:\n  - cmd: busybox echo a\n    volumeMounts:\n      - name: v\n        mountPath: /v\nvolumes:\n  - name: v\n";

    [Test]
    public void The_copies_of_a_volume_secret_are_merged_so_a_bad_name_in_the_first_stays() =>
        Assert.That(Errors(Volume + "    secret:\n      \"bad name\": YQ==\n    secret:\n      good: YQ==\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.InvalidSecretFileName, 9, 7) }));

    [Test]
    public void A_file_given_again_in_a_later_secret_copy_replaces_the_content_before_it_is_checked() =>
        Assert.That(Errors(Volume + "    secret:\n      good: \"not base64!\"\n    secret:\n      good: YQ==\n"), Is.Empty);

    [Test]
    public void An_empty_later_secret_copy_keeps_the_files_of_the_first()
    {
        var result = Load.Text(Volume + "    secret:\n      a: YQ==\n    secret: {}\n");
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.Task!.Volumes.Single().Secret.Keys, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void A_null_later_secret_copy_empties_the_map() =>
        Assert.That(Errors(Volume + "    secret:\n      \"bad name\": YQ==\n    secret:\n").Select(e => e.Code),
            Is.EqualTo(new[] { DiagnosticCodes.VolumeWithoutSecret }));

    [Test]
    public void A_wrong_type_in_an_earlier_file_copy_is_an_error() =>
        Assert.That(Errors(Volume + "    secret:\n      a: [x]\n      a: YQ==\n"),
            Is.EqualTo(new[] { (DiagnosticCodes.WrongType, 9, 10) }));
}
