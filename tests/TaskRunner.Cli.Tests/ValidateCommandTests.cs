using System.Text.Json;

namespace TaskRunner.Cli.Tests;

public class ValidateCommandTests
{
    private static string Seed => Repository.Path("tests", "fixtures", "seed.acr-task.yaml");

    [Test]
    public void Seed_prints_its_two_bugs_with_lines_and_exits_zero()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", Seed);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3), result.Stdout);
        Assert.That(lines[0], Does.StartWith(Seed + ":4:79: warning TR4003: "));
        Assert.That(lines[1], Does.StartWith(Seed + ":5:80: warning TR4003: "));
        Assert.That(lines[2], Does.StartWith(Seed + ":7:7: warning TR4002: "));
        Assert.That(result.Stderr, Does.Contain("0 errors, 3 warnings"));
    }

    [Test]
    public void Every_sample_is_valid_without_a_run_id_or_registry_as_acr_would_find_it()
    {
        // An empty .Run.ID made `-t app:{{.Run.ID}} --label x` render as a YAML mapping; ACR always has an ID.
        foreach (var sample in Directory.GetDirectories(Repository.Path("samples")).Select(d => Path.Combine(d, "acr-task.yaml")).Where(File.Exists))
        {
            var result = TaskRunnerProcess.Run(Repository.Path(), "validate", sample);
            Assert.That(result.ExitCode, Is.EqualTo(0), sample + ": " + result.Stdout + result.Stderr);
        }
        var rendered = TaskRunnerProcess.Run(Repository.Path(), "render", "-f", Repository.Path("samples", "run-build-and-run", "acr-task.yaml"));
        Assert.That(rendered.Stdout, Does.Contain("/run-samples/hello:runid --build-arg"), rendered.Stderr);
    }

    [Test]
    public void Strict_makes_warnings_errors()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "--strict", Seed);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stdout, Does.Contain(": error TR4002: "));
    }

    [Test]
    public void Invalid_file_exits_one_with_every_error()
    {
        var dir = Directory.CreateTempSubdirectory("tr-cli");
        try
        {
            var file = Path.Combine(dir.FullName, "bad.yaml");
            File.WriteAllText(file, "version: v9\nsteps:\n- id: a b\n  cmd: busybox\n  retries: -2\n");
            var result = TaskRunnerProcess.Run(dir.FullName, "validate", "bad.yaml");
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Does.Contain("bad.yaml:1:10: error TR1001: ").And.Contain("bad.yaml:3:7: error TR2005: ").And.Contain("bad.yaml:5:12: error TR2011: "));
            Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("   at "), "no stack trace");
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Missing_file_is_a_usage_error()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "no-such-file.yaml");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no-such-file.yaml"));
    }

    [Test]
    public void Bad_flag_is_a_usage_error()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "--no-such-flag", Seed);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("--no-such-flag"));
    }

    [Test]
    public void Json_format_is_machine_readable()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "--format", "json", Seed);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.That(doc.RootElement.GetProperty("warnings").GetInt32(), Is.EqualTo(3));
        var first = doc.RootElement.GetProperty("diagnostics")[0];
        Assert.That(first.GetProperty("line").GetInt32(), Is.EqualTo(4));
        Assert.That(first.GetProperty("code").GetString(), Is.EqualTo("TR4003"));
    }

    [Test]
    public void Github_format_prints_workflow_annotations()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "--format", "github", Seed);
        Assert.That(result.Stdout, Does.Contain($"::warning file={Seed},line=7,col=7,title=TR4002::"));
    }

    [Test]
    public void Sarif_format_is_sarif_2_1_0()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", "--format", "sarif", Seed);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.That(doc.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.That(results.GetArrayLength(), Is.EqualTo(3));
        var region = results[2].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.That(region.GetProperty("startLine").GetInt32(), Is.EqualTo(7));
        Assert.That(results[2].GetProperty("level").GetString(), Is.EqualTo("warning"));
    }

    [Test]
    public void Several_files_are_checked_at_once()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", Seed, Repository.Path("samples", "multi-arch", "acr-task.yaml"));
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain("2 files checked"));
    }

    [Test]
    public void A_directory_given_as_the_task_file_is_named_as_a_directory()
    {
        var dir = Directory.CreateTempSubdirectory("tr-cli");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "tasks"));
            foreach (var args in new[] { new[] { "validate", "-f", "tasks" }, ["validate", "tasks"], ["render", "-f", "tasks"] })
            {
                var result = TaskRunnerProcess.Run(dir.FullName, args);
                Assert.That(result.ExitCode, Is.EqualTo(2), string.Join(" ", args));
                Assert.That(result.Stderr, Does.Contain("task file 'tasks' is a directory").And.Not.Contain("does not exist"), string.Join(" ", args));
            }
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void An_unknown_flag_after_the_files_is_named_as_an_unknown_flag()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "validate", Seed, "--bogus");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("unknown option '--bogus'").And.Not.Contain("does not exist"));
    }

    [Test]
    public void A_scalar_push_is_one_error_quoting_what_was_written()
    {
        var dir = Directory.CreateTempSubdirectory("tr-cli");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "p.yaml"), "steps:\n- push: myimage:1\n");
            var result = TaskRunnerProcess.Run(dir.FullName, "validate", "p.yaml");
            Assert.That(result.ExitCode, Is.EqualTo(1));
            var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), result.Stdout);
            Assert.That(lines[0], Does.StartWith("p.yaml:2:9: error TR2002: ").And.Contain("'myimage:1'").And.Contain("push: [myimage:1]"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Sarif_uris_are_percent_encoded_and_a_missing_file_does_not_hide_the_others()
    {
        var dir = Directory.CreateTempSubdirectory("tr-cli");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "my tasks"));
            File.WriteAllText(Path.Combine(dir.FullName, "my tasks", "a b.yaml"), "steps:\n- cmd: busybox\n  timeout: x\n");
            var result = TaskRunnerProcess.Run(dir.FullName, "validate", "--format", "sarif", "my tasks/a b.yaml", "missing.yaml");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("missing.yaml"));
            using var doc = JsonDocument.Parse(result.Stdout);
            var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => (Rule: r.GetProperty("ruleId").GetString(),
                    Uri: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()))
                .ToList();
            Assert.That(results, Does.Contain(("TR2002", "my%20tasks/a%20b.yaml")));
            Assert.That(results, Does.Contain(("TR1000", "missing.yaml")));
        }
        finally { dir.Delete(true); }
    }
}
