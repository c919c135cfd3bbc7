using TaskRunner.Tasks.Planning;

namespace TaskRunner.Tasks.Tests;

public class PlannerTests
{
    private static ExecutionPlan Plan(string text)
    {
        var result = Load.Text(text);
        Assert.That(result.Plan, Is.Not.Null, string.Join("\n", result.Diagnostics));
        return result.Plan!;
    }

    [Test]
    public void Steps_run_sequentially_by_default_with_default_ids()
    {
        var plan = Plan("steps:\n- cmd: a\n- cmd: b\n- id: c\n  cmd: c\n");
        Assert.That(plan.Steps.Select(s => s.Id), Is.EqualTo(new[] { "acb_step_0", "acb_step_1", "c" }));
        Assert.That(plan.Steps.Select(s => string.Join(",", s.DependsOn)), Is.EqualTo(new[] { "", "acb_step_0", "acb_step_1" }));
    }

    [Test]
    public void Dash_starts_immediately_and_ids_wait_for_each()
    {
        var plan = Plan("steps:\n- id: a\n  cmd: a\n- id: b\n  cmd: b\n  when: ['-']\n- id: c\n  cmd: c\n  when: [a, b]\n- id: d\n  cmd: d\n");
        Assert.That(plan["b"].DependsOn, Is.Empty);
        Assert.That(plan["c"].DependsOn, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(plan["d"].DependsOn, Is.EqualTo(new[] { "c" }));
    }

    [TestCase("", 600)]
    [TestCase("stepTimeout: 0\n", 600)]
    [TestCase("stepTimeout: -5\n", 600)]
    [TestCase("stepTimeout: 30\n", 30)]
    public void Step_timeout_defaults(string task, int expected)
    {
        var plan = Plan(task + "steps:\n- cmd: a\n- cmd: b\n  timeout: 7\n- cmd: c\n  timeout: 0\n");
        Assert.That(plan.Steps.Select(s => (int)s.Timeout.TotalSeconds), Is.EqualTo(new[] { expected, 7, expected }));
    }

    [Test]
    public void Retry_delay_defaults_to_five_seconds()
    {
        var plan = Plan("steps:\n- cmd: a\n  retries: 2\n- cmd: b\n  retryDelay: 1\n- cmd: c\n  retryDelay: 0\n");
        Assert.That(plan.Steps.Select(s => (int)s.RetryDelay.TotalSeconds), Is.EqualTo(new[] { 5, 1, 5 }));
        Assert.That(plan.Steps[0].Retries, Is.EqualTo(2));
    }

    [Test]
    public void Env_merge_keeps_step_entries_first_and_step_wins()
    {
        var plan = Plan("env: ['A=task', 'B=task,C=task']\nsteps:\n- cmd: a\n  env: ['B=step', 'D=step']\n");
        Assert.That(plan.Steps[0].Env, Is.EqualTo(new[] { "B=step", "D=step", "A=task", "C=task" }));
    }

    [Test]
    public void Working_directories_resolve_under_workspace()
    {
        var plan = Plan("workingDirectory: src\nsteps:\n- cmd: a\n- cmd: b\n  workingDirectory: /abs\n- cmd: c\n  workingDirectory: ../up\n- cmd: d\n  disableWorkingDirectoryOverride: true\n");
        Assert.That(plan.Steps.Select(s => s.WorkingDirectory), Is.EqualTo(new[] { "/workspace/src", "/abs", "/up", null }));
        Assert.That(Plan("steps:\n- cmd: a\n").Steps[0].WorkingDirectory, Is.EqualTo("/workspace"));
    }

    [Test]
    public void When_naming_acb_root_starts_at_once_as_acbs_graph_root()
    {
        var plan = Plan("steps:\n- id: a\n  cmd: busybox\n- id: b\n  cmd: busybox\n  when: [acb_root]\n- id: c\n  cmd: busybox\n  when: [acb_root, a]\n");
        Assert.That(plan.Steps.Select(s => string.Join(",", s.DependsOn)), Is.EqualTo(new[] { "", "", "a" }));
    }

    [Test]
    public void A_push_name_with_a_registry_port_is_kept_as_written_as_acb_does()
    {
        var plan = Plan("steps:\n- push: ['reg:5000/b', 'reg:5000/b:latest', 'reg:5000/b']\n");
        Assert.That(plan.Steps[0].PushImages, Is.EqualTo(new[] { "reg:5000/b", "reg:5000/b:latest" }));
    }

    [Test]
    public void Push_images_get_latest_and_duplicates_go()
    {
        var plan = Plan("steps:\n- build: -t a -t reg:5000/b .\n- push: [a, 'a:latest', 'reg:5000/b', 'c@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']\n");
        Assert.That(plan.Steps[1].PushImages, Is.EqualTo(new[] { "a:latest", "reg:5000/b", "c@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }));
    }

    [Test]
    public void Graph_formats_show_edges()
    {
        var plan = Plan("steps:\n- id: a\n  cmd: a\n- id: b\n  cmd: b\n  when: ['-']\n- id: c\n  cmd: c\n  when: [a, b]\n");
        var mermaid = StepGraphFormatter.Format(plan, "mermaid");
        Assert.That(mermaid, Does.Contain("s_a --> s_c").And.Contain("s_b --> s_c").And.Contain("acb_root --> s_b"));
        var dot = StepGraphFormatter.Format(plan, "dot");
        Assert.That(dot, Does.Contain("\"a\" -> \"c\"").And.Contain("\"acb_root\" -> \"a\""));
        var text = StepGraphFormatter.Format(plan, "text");
        Assert.That(text, Does.Contain("c: cmd c").And.Contain("after: a, b"));
    }
}
