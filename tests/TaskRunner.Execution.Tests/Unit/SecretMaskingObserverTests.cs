using NUnit.Framework;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Running;
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
}
