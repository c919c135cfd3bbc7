namespace TaskRunner.Cli.Tests;

public class RenderAndGraphTests
{
    private static string Sample => Repository.Path("samples", "multi-arch", "acr-task.yaml");

    [Test]
    public void Render_prints_the_task_after_templates()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "render", "-f", Sample, "--id", "abc", "-r", "myreg.azurecr.io");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain("- build: -t myreg.azurecr.io/multi-arch-samples/myimage:abc-amd64 -f dockerfile.amd64 ."));
        Assert.That(result.Stdout, Does.Not.Contain("#"), "comment lines are removed");
    }

    [Test]
    public void Secrets_are_masked_in_render_graph_and_validate_output_and_in_template_errors()
    {
        const string secret = "hunter2-s3cret";
        var dir = Directory.CreateTempSubdirectory("tr-render-secret");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ok.yaml"), "steps:\n- id: use\n  cmd: busybox echo {{ .Secrets.pw }}\n");
            // urlParse quotes the URL it cannot parse, password included.
            File.WriteAllText(Path.Combine(dir.FullName, "bad.yaml"), "steps:\n- cmd: busybox echo {{ urlParse (printf \"http://u:%s@h:99x/\" .Secrets.pw) }}\n");
            foreach (var args in new[]
                     {
                         new[] { "render", "-f", "ok.yaml" }, new[] { "graph", "-f", "ok.yaml", "--format", "mermaid" },
                         new[] { "render", "-f", "bad.yaml" }, new[] { "validate", "bad.yaml" }, new[] { "validate", "--format", "json", "bad.yaml" },
                     })
            {
                var result = TaskRunnerProcess.Run(dir.FullName, [.. args, "--secret", $"pw={secret}"]);
                Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(secret).And.Contain("***"), string.Join(' ', args));
            }
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Render_uses_set_values_and_custom_delimiters()
    {
        var dir = Directory.CreateTempSubdirectory("tr-render");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "acr-task.yaml"), "steps:\n- cmd: busybox echo << .Values.greeting >> {{ literal }}\n");
            var result = TaskRunnerProcess.Run(dir.FullName, "render", "--set", "greeting=hej", "--left-delim", "<<", "--right-delim", ">>");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Is.EqualTo("steps:\n- cmd: busybox echo hej {{ literal }}\n"));
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void Render_without_a_task_file_is_a_usage_error()
    {
        var dir = Directory.CreateTempSubdirectory("tr-render");
        try
        {
            var result = TaskRunnerProcess.Run(dir.FullName, "render");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("acr-task.yaml"));
        }
        finally { dir.Delete(true); }
    }

    [TestCase("text", "acb_step_1: build")]
    [TestCase("mermaid", "flowchart TD")]
    [TestCase("dot", "digraph steps")]
    public void Graph_prints_the_step_graph(string format, string expected)
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "graph", "-f", Sample, "--format", format);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Does.Contain(expected));
    }

    [Test]
    public void Every_command_has_help_with_an_example()
    {
        foreach (var command in new[] { "validate", "render", "graph", "version", "run", "manifest", "manifest create", "manifest push", "manifest inspect", "manifest annotate", "manifest rm" })
        {
            var result = TaskRunnerProcess.Run(Repository.Path(), [.. command.Split(' '), "--help"]);
            Assert.That(result.ExitCode, Is.EqualTo(0), command);
            Assert.That(result.Stdout, Does.Contain("Examples:").And.Contain("taskrunner " + command), command);
        }
    }

    [Test]
    public void Version_prints_the_version()
    {
        var result = TaskRunnerProcess.Run(Repository.Path(), "version");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Does.StartWith("taskrunner "));
    }
}
