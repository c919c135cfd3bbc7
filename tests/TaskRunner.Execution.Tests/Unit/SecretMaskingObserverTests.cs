using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Results;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class SecretMaskingObserverTests
{
    [Test]
    public void Secrets_never_reach_the_inner_observer()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, ["hunter2-secret", "ab"]);

        masking.OnEvent(new StepOutput("s", "token=hunter2-secret; short=ab", false));
        masking.OnEvent(new StepFinished(new StepResult("s", StepKind.Cmd, StepStatus.Failed, TimeSpan.Zero, "bad hunter2-secret")));
        masking.OnEvent(new RunMessage("login with hunter2-secret"));

        var texts = inner.Events.Select(e => e switch
        {
            StepOutput o => o.Text,
            StepFinished f => f.Result.Error,
            RunMessage m => m.Text,
            _ => "",
        }).ToList();
        Assert.That(texts, Is.EqualTo(new[] { "token=***; short=ab", "bad ***", "login with ***" }));
    }

    [Test]
    public void Encoded_forms_of_a_secret_are_masked_in_step_output()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, ["hunter2-secret"]);

        foreach (var line in new[]
        {
            "aHVudGVyMi1zZWNyZXQ=",                                      // echo -n "$S" | base64
            Convert.ToBase64String("user:hunter2-secret"u8.ToArray()),   // basic auth header
            "68756e746572322d736563726574",                              // od -An -tx1 | tr -d ' \n'
            "https://x/?t=hunter2-secret&u=hunter2%2Dsecret",
        })
            masking.OnEvent(new StepOutput("s", line, false));

        var texts = inner.OutputOf("s");
        Assert.That(texts[0], Is.EqualTo("***"));
        Assert.That(texts[1], Is.EqualTo("dXNlcjp***A=="), "dXNlcjpodW50ZXIyLXNlY3JldA== with the secret's own characters masked");
        Assert.That(texts[2], Is.EqualTo("***"));
        Assert.That(texts[3], Is.EqualTo("https://x/?t=***&u=hunter2%2Dsecret"), "only Uri.EscapeDataString's form (which leaves '-' alone) is a URL encoding");
        Assert.That(masking.MaskText("pw aHVudGVyMi1zZWNyZXQ"), Is.EqualTo("pw ***"), "MaskText masks encodings too");
    }

    [Test]
    public void Events_without_a_secret_are_forwarded_unchanged()
    {
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, ["hunter2-secret"]);
        var output = new StepOutput("s", "nothing to hide", false);

        masking.OnEvent(output);

        Assert.That(inner.Events.Single(), Is.SameAs(output));
    }

    [Test]
    public void Run_start_images_and_the_run_result_are_masked()
    {
        const string secret = "t0p-s3cret";
        var inner = new RecordingObserver();
        var masking = new SecretMaskingObserver(inner, [secret]);
        var time = DateTimeOffset.Parse("2024-01-02T03:04:05Z");

        masking.OnEvent(new RunStarted($"run-{secret}", ["build", $"step-{secret}"], false) { Time = time });
        masking.OnEvent(new ImageBuilt("build", "sha256:abc", [$"reg/app:{secret}", "reg/app:latest"]));
        masking.OnEvent(new ImagePushed("push", $"reg/app:{secret}", "sha256:def"));
        masking.OnEvent(new StepRetrying("push", 2, 3, TimeSpan.FromSeconds(1), $"denied for {secret}"));
        masking.OnEvent(new StepStarted($"step-{secret}", StepKind.Cmd, $"busybox echo {secret}", 1, 1));
        masking.OnEvent(new RunFinished(new RunResult
        {
            RunId = $"run-{secret}",
            Status = RunStatus.Succeeded,
            Duration = TimeSpan.Zero,
            Steps = [new StepResult($"step-{secret}", StepKind.Cmd, StepStatus.Succeeded, TimeSpan.Zero, null)],
            ImagesBuilt = [new BuiltImage("build", "sha256:abc", [$"reg/app:{secret}"], $"reg/base:{secret}", [$"reg/tool:{secret}"])],
            ImagesPushed = [new PushedImage("push", $"reg/app:{secret}", "sha256:def")],
            BaseImageDigests = new Dictionary<string, string> { [$"reg/base:{secret}"] = "sha256:123" },
            Commit = secret,
            Error = $"failed with {secret}",
            Kept = [$"taskrunner-run-{secret}-x"],
        }));

        var events = inner.Events;
        var started = (RunStarted)events[0];
        Assert.That(started.RunId, Is.EqualTo("run-***"));
        Assert.That(started.StepIds, Is.EqualTo(new[] { "build", "step-***" }));
        Assert.That(started.Time, Is.EqualTo(time), "the event keeps its time");
        Assert.That(((ImageBuilt)events[1]).Tags, Is.EqualTo(new[] { "reg/app:***", "reg/app:latest" }));
        Assert.That(((ImagePushed)events[2]).Image, Is.EqualTo("reg/app:***"));
        Assert.That(((ImagePushed)events[2]).Digest, Is.EqualTo("sha256:def"));
        Assert.That(((StepRetrying)events[3]).Reason, Is.EqualTo("denied for ***"));
        Assert.That(((StepStarted)events[4]).StepId, Is.EqualTo("step-***"), "step ids are masked alike in every event");
        Assert.That(((StepStarted)events[4]).Description, Is.EqualTo("busybox echo ***"));
        var result = ((RunFinished)events[5]).Result;
        Assert.That(result.RunId, Is.EqualTo("run-***"));
        Assert.That(result.Steps.Single().StepId, Is.EqualTo("step-***"));
        Assert.That(result.ImagesBuilt.Single().Tags, Is.EqualTo(new[] { "reg/app:***" }));
        Assert.That(result.ImagesBuilt.Single().RuntimeDependency, Is.EqualTo("reg/base:***"));
        Assert.That(result.ImagesBuilt.Single().BuildTimeDependencies, Is.EqualTo(new[] { "reg/tool:***" }));
        Assert.That(result.ImagesPushed.Single().Image, Is.EqualTo("reg/app:***"));
        Assert.That(result.BaseImageDigests, Is.EqualTo(new Dictionary<string, string> { ["reg/base:***"] = "sha256:123" }));
        Assert.That(result.Commit, Is.EqualTo("***"));
        Assert.That(result.Error, Is.EqualTo("failed with ***"));
        Assert.That(result.Kept, Is.EqualTo(new[] { "taskrunner-run-***-x" }));
    }
}
