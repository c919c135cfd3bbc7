using TaskRunner.Tasks.Loading.Aliases;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Tests;

public class AliasTests
{
    private static readonly AliasDefinitions Defaults = new(
        new Dictionary<string, string>(AliasDefinitions.BuiltIns("{{", "}}")) { ["foo"] = ".Values.bar", ["img"] = "busybox" }, '$');

    [TestCase("$ID", "{{.Run.ID}}")]
    [TestCase("$Registry/app:$ID", "{{.Run.Registry}}/app:{{.Run.ID}}")]
    [TestCase("$SharedVolume $RegistryName $Date $OS $Architecture $Commit $Branch",
        "{{.Run.SharedVolume}} {{.Run.RegistryName}} {{.Run.Date}} {{.Run.OS}} {{.Run.Architecture}} {{.Run.Commit}} {{.Run.Branch}}")]
    [TestCase("price: $$5", "price: $5")]
    [TestCase("$HOME/bin", "$HOME/bin")]
    [TestCase("$ID2", "$ID2")]
    [TestCase("$ID$ID", "{{.Run.ID}}{{.Run.ID}}")]
    [TestCase("{{$foo}}", "{{.Values.bar}}")]
    [TestCase("a $ b", "a $ b")]
    [TestCase("end$", "end$")]
    [TestCase("$ID$$x", "{{.Run.ID}}$x")]
    [TestCase("$img: x", "busybox: x")]
    // acb writes the character that ends an unknown name as plain text, a directive included (observed with acb).
    [TestCase("$Foo$ID", "$Foo$ID")]
    [TestCase("$Foo$$ID", "$Foo${{.Run.ID}}")]
    [TestCase("$Foo$$$ID", "$Foo$$ID")]
    [TestCase("$Foo$Bar$ID", "$Foo$Bar{{.Run.ID}}")]
    [TestCase("$ $$$", "$ $$")]
    [TestCase("$(date) ${1} $HOME/bin", "$(date) ${1} $HOME/bin")]
    [TestCase("{{ range $i, $v := .Values.x }}{{ $i }}{{ end }}", "{{ range $i, $v := .Values.x }}{{ $i }}{{ end }}")]
    [TestCase("$ID.x $IDx", "{{.Run.ID}}.x $IDx")]
    public void Expands_like_acb(string input, string expected) =>
        Assert.That(AliasExpander.Expand(input, Defaults), Is.EqualTo(expected));

    [TestCase("- cmd: busybox echo $Foo$ID", 21, "'$Foo' is not an alias", "'$ID' after it is not expanded", "write '$$Foo' for a literal '$Foo'")]
    [TestCase("- cmd: busybox echo x$HOME$$ID", 22, "'$HOME' is not an alias", "the '$$' after it is not read as a literal '$'", "define 'HOME' under alias: values")]
    public void An_unknown_name_directly_followed_by_the_directive_is_a_warning_at_its_place(string line, int column, string what, string effect, string advice)
    {
        var result = Load.Text("version: v1.1.0\nsteps:\n" + line + "\n");
        var warning = result.Diagnostics.Single(d => d.Code == "TR4008");
        Assert.That((warning.Span.Line, warning.Span.Column, warning.Severity), Is.EqualTo((3, column, TaskRunner.Tasks.Diagnostics.Severity.Warning)));
        Assert.That(warning.Message, Does.StartWith(what).And.Contain(effect).And.Contain(advice));
    }

    [Test]
    public void An_unknown_name_before_the_directive_keeps_the_next_alias_literal_as_acb_does()
    {
        var result = Load.Text("version: v1.1.0\nsteps:\n- cmd: busybox echo $Foo$ID $$Foo$ID\n");
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox echo $Foo$ID $Foorun1"));
    }

    [TestCase("version: v1.1.0\nsteps:\n- cmd: busybox echo $$HOME $HOME/bin $(date) ${1} $ a$ {{ $$.Run.ID }} $ID $Foo$ $Foo$Bar\n")]
    [TestCase("version: v1.1.0\nsteps:\n- cmd: busybox echo {{ range $i, $v := list 1 2 }}{{ $i }}{{ $v }}{{ end }}\n")]
    [TestCase("version: v1.0.0\nsteps:\n- cmd: busybox echo $HOME/bin $Foo$ID {{ range $i, $v := list 1 }}{{ $v }}{{ end }}\n")]
    [TestCase("version: v1.1.0\nalias:\n  values:\n    HOME: /root\nsteps:\n- cmd: busybox echo $HOME/bin $HOME$ID\n")]
    public void Text_that_acb_runs_as_written_gives_no_warning(string text)
    {
        var result = Load.Text(text);
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void Custom_directive_replaces_the_dollar()
    {
        var aliases = new AliasDefinitions(AliasDefinitions.BuiltIns("{{", "}}"), '&');
        Assert.That(AliasExpander.Expand("&ID $ID &&", aliases), Is.EqualTo("{{.Run.ID}} $ID &"));
    }

    [Test]
    public void Aliases_apply_only_to_v110()
    {
        var v100 = Load.Rendered("version: v1.0.0\nsteps:\n- cmd: echo $ID\n");
        Assert.That(v100, Does.Contain("echo $ID"));
        var v110 = Load.Rendered("version: v1.1.0\nsteps:\n- cmd: echo $ID\n");
        Assert.That(v110, Does.Contain("echo run1"));
    }

    [Test]
    public void Values_block_is_rendered_removed_and_wins_over_builtins()
    {
        var text = "version: v1.1.0\nalias:\n  values:\n    ID: custom-{{.Run.ID}}\n    greet: echo hello\nsteps:\n- cmd: busybox $greet $ID\n";
        var result = Load.Text(text);
        Assert.That(result.RenderedText, Does.Not.Contain("alias:"));
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox echo hello custom-run1"));
    }

    [Test]
    public void Aliases_apply_in_keys_and_inside_actions()
    {
        var text = "version: v1.1.0\nalias:\n  values:\n    k: cmd\n    foo: .Values.bar\nsteps:\n- $k: busybox {{$foo}}\n";
        var result = Load.Text(text, set: ["bar=baz"]);
        Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("busybox baz"));
    }

    [Test]
    public void Src_files_are_read_with_later_files_winning_and_values_winning_over_all()
    {
        var dir = Directory.CreateTempSubdirectory("tr-alias");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "img: first\nother: a-other\nboth: from-a\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), "img: second\nboth: from-b\n");
            var task = Path.Combine(dir.FullName, "acr-task.yaml");
            var text = "version: v1.1.0\nalias:\n  src:\n  - a.yaml\n  - b.yaml\n  values:\n    both: from-values\nsteps:\n- cmd: $img $other $both\n";
            var result = Load.Text(text, file: task);
            Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("second a-other from-values"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Src_values_keep_their_yaml_text_as_acb_reads_them_into_strings()
    {
        var dir = Directory.CreateTempSubdirectory("tr-alias");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "flag: true\nn: 1.0\nhex: 0x1F\nno: ~\nq: 'yes'\n");
            var task = Path.Combine(dir.FullName, "acr-task.yaml");
            var result = Load.Text("version: v1.1.0\nalias:\n  src:\n  - a.yaml\nsteps:\n- cmd: x $flag $n $hex [$no] $q\n", file: task);
            Assert.That(result.Task!.Steps[0].Command, Is.EqualTo("x true 1.0 0x1F [] yes"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void A_list_value_in_a_src_file_is_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("tr-alias");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "img: [a, b]\n");
            var task = Path.Combine(dir.FullName, "acr-task.yaml");
            var result = Load.Text("version: v1.1.0\nalias:\n  src:\n  - a.yaml\nsteps:\n- cmd: busybox\n", file: task);
            Assert.That(Load.Errors(result).Single().Message, Does.Contain("gives 'img' a list"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Missing_src_file_is_an_error_at_its_line()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  src:\n  - nowhere.yaml\nsteps:\n- cmd: busybox\n");
        var error = Load.Errors(result).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo(("TR1008", 4, 5)));
    }

    [Test]
    public void Directive_changes_the_alias_character()
    {
        var text = "version: v1.1.0\nalias:\n  directive: '#'\nsteps:\n- cmd: echo #ID $ID\n";
        // the comment-line rule only removes lines that START with '#'
        Assert.That(Load.Text(text).Task!.Steps[0].Command, Is.EqualTo("echo run1 $ID"));
    }

    [TestCase("ab")]
    [TestCase("a")]
    public void Bad_directive_is_an_error(string directive)
    {
        var result = Load.Text($"version: v1.1.0\nalias:\n  directive: '{directive}'\nsteps:\n- cmd: busybox\n");
        Assert.That(Load.Errors(result).Select(e => e.Code), Does.Contain("TR1010"));
    }

    [Test]
    public void Alias_names_must_be_alphanumeric()
    {
        var result = Load.Text("version: v1.1.0\nalias:\n  values:\n    my-alias: x\nsteps:\n- cmd: busybox\n");
        var error = Load.Errors(result).Single();
        Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo(("TR1007", 4, 5)));
    }

    [Test]
    public void Image_aliases_apply_to_the_first_word_of_cmd_only()
    {
        var task = Load.Text("version: v1.1.0\nsteps:\n- cmd: bash echo bash\n- build: -t bash .\n").Task!;
        Assert.That(task.Steps[0].Command, Is.EqualTo("mcr.microsoft.com/acr/bash:2ff604c echo bash"));
        Assert.That(task.Steps[1].Command, Is.EqualTo("-t bash ."));
        Assert.That(Load.Text("version: v1.1.0\nsteps:\n- cmd: az login\n").Task!.Steps[0].Command,
            Is.EqualTo("mcr.microsoft.com/acr/azure-cli:2ff604c login"));
        Assert.That(Load.Text("version: v1.1.0\nsteps:\n- cmd: acr purge\n").Task!.Steps[0].Command,
            Is.EqualTo("mcr.microsoft.com/acr/acr-cli:0.19 purge"));
        Assert.That(Load.Text("version: v1.1.0\nsteps:\n- cmd: curl -s x\n").Task!.Steps[0].Command,
            Is.EqualTo("mcr.microsoft.com/acr/curl:2ff604c -s x"));
    }

    // acb's current image alias table, each observed as a cmd's first word with the oracle; other tool names stay as written.
    [TestCase("acr", "mcr.microsoft.com/acr/acr-cli:0.19")]
    [TestCase("az", "mcr.microsoft.com/acr/azure-cli:2ff604c")]
    [TestCase("bash", "mcr.microsoft.com/acr/bash:2ff604c")]
    [TestCase("curl", "mcr.microsoft.com/acr/curl:2ff604c")]
    [TestCase("cssc", "mcr.microsoft.com/acr/cssc:2ff604c")]
    [TestCase("docker", "docker")]
    [TestCase("oras", "oras")]
    [TestCase("helm", "helm")]
    public void The_image_alias_table_is_acbs_current_one(string alias, string image) =>
        Assert.That(Load.Text($"version: v1.1.0\nsteps:\n- cmd: {alias} x\n").Task!.Steps[0].Command, Is.EqualTo(image + " x"));
}
