using NUnit.Framework;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Tests.Support;

namespace TaskRunner.Execution.Tests.Integration;

/// <summary>
/// A container is attached to as it is created, so that starting it (its step's start, possibly much later) is one
/// call; its output is still complete, and a container that never starts leaves no attachment behind.
/// </summary>
[TestFixture]
public sealed class ContainerStartTests : EngineTest
{
    private ContainerSpec Spec(string name, params string[] command) => new()
    {
        Name = $"taskrunner-{RunId}-{name}",
        Image = "busybox:latest",
        Command = command,
        Labels = new RunNames(RunId).Labels,
    };

    [Test]
    public async Task A_container_started_long_after_its_creation_gives_all_its_output_from_the_attachment_made_at_creation()
    {
        var id = await Engine.CreateContainerAsync(Spec("late", "sh", "-c", "echo first; echo second >&2; printf last"), CancellationToken.None);
        try
        {
            Assert.That(Engine.WaitingAttachments, Is.EqualTo(1), "attached at its creation");
            await Task.Delay(500);
            await Engine.StartContainerAsync(id, CancellationToken.None);
            var lines = new List<OutputLine>();
            var output = Engine.StreamOutputAsync(id, lines.Add, CancellationToken.None);
            Assert.That(Engine.WaitingAttachments, Is.Zero, "the reader took the attachment");
            Assert.That(await Engine.WaitContainerAsync(id, CancellationToken.None), Is.Zero);
            await output;
            Assert.That(lines.Where(l => !l.IsError).Select(l => l.Text), Is.EqualTo(new[] { "first", "last" }));
            Assert.That(lines.Where(l => l.IsError).Select(l => l.Text), Is.EqualTo(new[] { "second" }));
        }
        finally
        {
            await Engine.RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    [Test]
    public async Task A_container_removed_without_being_started_leaves_no_attachment()
    {
        var id = await Engine.CreateContainerAsync(Spec("unused", "true"), CancellationToken.None);
        Assert.That(Engine.WaitingAttachments, Is.EqualTo(1));
        await Engine.RemoveContainerAsync(id, CancellationToken.None);
        Assert.That(Engine.WaitingAttachments, Is.Zero);
    }

    [Test]
    public async Task A_container_removed_by_name_leaves_no_attachment()
    {
        // Found in review: clean-up removes by name (kept containers, labelled leftovers), attachments are kept by id.
        var spec = Spec("by-name", "true");
        await Engine.CreateContainerAsync(spec, CancellationToken.None);
        Assert.That(Engine.WaitingAttachments, Is.EqualTo(1));
        await Engine.RemoveContainerAsync(spec.Name, CancellationToken.None);
        Assert.That(Engine.WaitingAttachments, Is.Zero);
    }

    [Test]
    public async Task Containers_prepared_for_steps_that_never_run_go_with_their_attachments()
    {
        WithTask("");
        var plan = Plans.Load("""
            steps:
              - id: fails
                cmd: busybox sh -c "sleep 1; exit 3"
              - id: never
                cmd: busybox echo never
              - id: never2
                when: ["fails"]
                cmd: busybox echo never
            """, RunId);
        var result = await RunAsync(plan, Options with { MountDockerSocket = false });
        Assert.That(result.Status, Is.EqualTo(RunStatus.Failed));
        Assert.That(Step(result, "never").Status, Is.EqualTo(StepStatus.Skipped));
        Assert.That(Engine.WaitingAttachments, Is.Zero);
    }

    [Test]
    public async Task A_container_prepared_ahead_joins_the_external_network_under_its_step_id()
    {
        var external = RunId + "-external";
        await DockerCli.RunAsync("network", "create", external);
        var server = RunId + "-server";
        try
        {
            await DockerCli.RunAsync("run", "-d", "--name", server, "--network", external, "busybox", "httpd", "-f", "-p", "8082", "-h", "/etc");
            WithTask("");
            // "client" is prepared while "first" runs; the server reaches it by its step id on the external network.
            var plan = Plans.Load("""
                steps:
                  - id: first
                    cmd: busybox sleep 1
                  - id: client
                    cmd: busybox sleep 3
                """, RunId);
            var probe = Task.Run(async () =>
            {
                // While "client" runs, its alias resolves on the external network.
                for (var i = 0; i < 100; i++)
                {
                    var (code, _) = await DockerCli.RunAsync("exec", server, "ping", "-c", "1", "-W", "1", "client");
                    if (code == 0) return true;
                    await Task.Delay(100);
                }
                return false;
            });
            var result = await RunAsync(plan, Options with { MountDockerSocket = false, ExternalNetwork = external });
            Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
            Assert.That(await probe, Is.True, "the step was reachable as 'client' on the external network");
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", server);
            await DockerCli.RunAsync("network", "rm", external);
        }
    }
}
