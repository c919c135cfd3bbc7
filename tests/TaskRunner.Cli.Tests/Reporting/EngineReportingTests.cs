using System.Text.Json.Nodes;
using TaskRunner.Cli.Reporting;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Cli.Tests.Reporting;

/// <summary>With --platform-engine, plain and JSON progress, the summary and the report say which engine each step ran on; without it, nothing about engines.</summary>
[TestFixture]
public sealed class EngineReportingTests
{
    private static RunResult Result(string? armEngine, string? amdEngine) => new()
    {
        RunId = "r1",
        Status = RunStatus.Succeeded,
        Duration = TimeSpan.FromSeconds(2),
        Steps =
        [
            new StepResult("arm", StepKind.Build, StepStatus.Succeeded, TimeSpan.FromSeconds(1), null) { Engine = armEngine },
            new StepResult("amd", StepKind.Build, StepStatus.Succeeded, TimeSpan.FromSeconds(1), null) { Engine = amdEngine },
        ],
        ImagesBuilt = [],
        ImagesPushed = [],
    };

    [Test]
    public void Plain_progress_and_the_summary_name_the_engine()
    {
        var output = new StringWriter();
        var plain = new PlainLogObserver(output, output, new StepColors(false), verbose: false);
        plain.OnEvent(new StepStarted("arm", StepKind.Build, "docker build --platform linux/arm64 .", 1, 1) { Engine = "arm-box" });
        plain.OnEvent(new RunFinished(Result("arm-box", "default")));

        var text = output.ToString();
        Assert.That(text, Does.Contain("[arm] started on engine arm-box: docker build --platform linux/arm64 ."));
        Assert.That(text, Does.Match(@"STEP\s+ENGINE\s+STATUS"));
        Assert.That(text, Does.Match(@"arm\s+arm-box\s+succeeded"));
        Assert.That(text, Does.Match(@"amd\s+default\s+succeeded"));
    }

    [Test]
    public void Without_platform_engines_nothing_about_engines_is_printed()
    {
        var output = new StringWriter();
        var plain = new PlainLogObserver(output, output, new StepColors(false), verbose: false);
        plain.OnEvent(new StepStarted("arm", StepKind.Build, "docker build .", 1, 1));
        plain.OnEvent(new RunFinished(Result(null, null)));

        Assert.That(output.ToString(), Does.Contain("[arm] started: docker build ."));
        Assert.That(output.ToString(), Does.Not.Contain("ENGINE").And.Not.Contain("engine"));
        Assert.That(RunReport.Build(Result(null, null), [])["steps"]![0]!.AsObject().ContainsKey("engine"), Is.False);
    }

    [Test]
    public void Json_events_and_the_report_carry_the_engine()
    {
        var output = new StringWriter { NewLine = "\n" };
        var json = new JsonEventsObserver(output, new IndexTracker());
        json.OnEvent(new StepStarted("arm", StepKind.Build, "docker build .", 1, 1) { Engine = "arm-box" });
        json.OnEvent(new StepFinished(Result("arm-box", "default").Steps[0]));
        json.OnEvent(new RunFinished(Result("arm-box", "default")));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.That(lines[0]["type"]!.GetValue<string>(), Is.EqualTo("stepStarted"));
        Assert.That(lines[0]["engine"]!.GetValue<string>(), Is.EqualTo("arm-box"));
        Assert.That(lines[1]["type"]!.GetValue<string>(), Is.EqualTo("stepFinished"));
        Assert.That(lines[1]["engine"]!.GetValue<string>(), Is.EqualTo("arm-box"));
        var report = RunReport.Build(Result("arm-box", "default"), []);
        Assert.That(report["steps"]!.AsArray().Select(s => s!["engine"]!.GetValue<string>()), Is.EqualTo(new[] { "arm-box", "default" }));
    }
}
