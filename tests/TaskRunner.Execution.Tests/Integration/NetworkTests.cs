using NUnit.Framework;
using TaskRunner.Execution.Tests.Support;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Run;

namespace TaskRunner.Execution.Tests.Integration;

[TestFixture]
[Category("Integration")]
public sealed class NetworkTests : EngineTest
{
    [Test]
    public async Task A_task_network_marked_default_replaces_the_runs_network_and_is_removed_after()
    {
        var network = RunId + "-tasknet";
        var plan = Plans.Load($$"""
            networks:
              - name: {{network}}
                driver: bridge
                isDefault: true
            steps:
              - id: web
                cmd: busybox httpd -f -p 8080 -h /acb/home
                detach: true
              - id: client
                cmd: busybox sh -c 'wget -q -O - http://web:8080/ >/dev/null 2>&1; echo reached; cat /etc/hostname >/dev/null'
                retries: 3
                retryDelay: 1
            """, RunId);

        var result = await RunAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("client"), Does.Contain("reached"));
        var (_, networks) = await DockerCli.RunAsync("network", "ls", "--format", "{{.Name}}");
        Assert.That(networks, Does.Not.Contain(network));
    }

    [Test]
    public async Task A_build_on_a_task_network_gets_that_network_and_no_volumes_when_no_step_runs_a_container()
    {
        var network = RunId + "-buildnet";
        File.WriteAllText(Path.Combine(Source, "Dockerfile"), "FROM busybox:latest\nRUN cat /sys/class/net/eth0/address > /mac\n");
        var tag = $"taskrunner-it-buildnet:{RunId}";
        RemoveAfterTest(tag);
        var plan = Plans.Load($$"""
            networks:
              - name: {{network}}
            steps:
              - build: --network {{network}} -t {{tag}} .
            """, RunId);

        var result = await RunAsync(plan, Options);

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        var messages = Events.Events.OfType<TaskRunner.Execution.Events.RunMessage>().Select(m => m.Text).ToList();
        Assert.That(messages, Has.Some.EqualTo($"created network {network}"));
        Assert.That(messages, Has.None.StartsWith("created volume").And.None.StartsWith("copying"), string.Join("\n", messages));
        var (_, networks) = await DockerCli.RunAsync("network", "ls", "--format", "{{.Name}}");
        Assert.That(networks, Does.Not.Contain(network));
    }

    [Test]
    public async Task Declared_networks_without_a_default_run_other_steps_on_the_engines_bridge()
    {
        var network = RunId + "-declared";
        var plan = Plans.Load($$"""
            networks:
              - name: {{network}}
            steps:
              - id: plain
                cmd: busybox sh -c 'cat /sys/class/net/eth0/address'
              - id: joined
                cmd: busybox true
                network: {{network}}
            """, RunId);

        var result = await RunAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout") });

        Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
        Assert.That(Events.OutputOf("plain").Single(), Does.Match("^([0-9a-f]{2}:){5}[0-9a-f]{2}$"), "the step had a network interface");
        var (_, networks) = await DockerCli.RunAsync("network", "ls", "--format", "{{.Name}}");
        Assert.That(networks, Does.Not.Contain(network).And.Not.Contain(RunId + "-network"));
    }

    [Test]
    public async Task An_external_network_is_joined_and_left_in_place()
    {
        var external = RunId + "-external";
        await DockerCli.RunAsync("network", "create", external);
        var server = RunId + "-server";
        try
        {
            await DockerCli.RunAsync("run", "-d", "--name", server, "--network", external, "--network-alias", "outside", "busybox", "httpd", "-f", "-p", "8081", "-h", "/etc");
            var plan = Plans.Load("""
                steps:
                  - id: client
                    cmd: busybox wget -q -O - http://outside:8081/hostname
                    retries: 3
                    retryDelay: 1
                """, RunId);

            var result = await RunAsync(plan, new RunOptions { SourceDirectory = Repository.Sample("run-timeout"), ExternalNetwork = external });

            Assert.That(result.Status, Is.EqualTo(RunStatus.Succeeded), Errors(result));
            Assert.That(Events.OutputOf("client"), Is.Not.Empty);
            var (code, _) = await DockerCli.RunAsync("network", "inspect", external);
            Assert.That(code, Is.Zero, "the user's network is not removed");
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", server);
            await DockerCli.RunAsync("network", "rm", external);
        }
    }
}
