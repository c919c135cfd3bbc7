using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>Push steps against a registry with htpasswd basic auth, started by the test on a loopback port.</summary>
[TestFixture]
[Category("Integration")]
public sealed class AuthenticatedPushTests : EngineTest
{
    private HtpasswdRegistry _registry = null!;
    private string _address = null!;

    [SetUp]
    public async Task StartRegistryAsync()
    {
        _registry = await HtpasswdRegistry.StartAsync();
        _address = _registry.Address;
    }

    [TearDown]
    public Task StopRegistryAsync() => _registry.DisposeAsync().AsTask();

    private async Task<RunResult> PushAsync(string password)
    {
        var image = $"{_address}/auth-test/app:{RunId}";
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), $"FROM busybox\nLABEL run={RunId}\n");
        var plan = Plans.Load($$"""
            steps:
              - build: -t {{image}} -f Dockerfile .
              - push: ["{{image}}"]
            """, RunId);
        var credentials = new TestPorts.Credentials((registry, _) => Task.FromResult(registry == _address ? new RegistryAuth(registry, HtpasswdRegistry.User, password) : null));
        return await RunAsync(plan, Options, TestPorts.For(Engine, credentials));
    }

    [Test]
    public async Task The_runs_credentials_are_used_for_the_push()
    {
        var result = await PushAsync(HtpasswdRegistry.Password);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), string.Join("; ", result.Steps.Select(s => $"{s.StepId}: {s.Error}")));
        Assert.That(result.ImagesPushed.Single().Digest, Does.StartWith("sha256:"));
    }

    [Test]
    public async Task Wrong_credentials_fail_after_three_attempts_with_the_registrys_message()
    {
        var result = await PushAsync("wrong-password");

        var push = result.Steps[1];
        Assert.That(push.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(push.Error, Does.Contain("failed after 3 attempts").And.Contain("unauthorized").IgnoreCase);
        Assert.That(Events.Events.OfType<StepRetrying>().Count(r => r.StepId == push.StepId), Is.EqualTo(2));
        Assert.That(string.Join("\n", Events.Events.Select(e => e.ToString())), Does.Not.Contain("wrong-password"));
    }
}
