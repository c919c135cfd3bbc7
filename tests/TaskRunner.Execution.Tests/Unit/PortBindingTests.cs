using NUnit.Framework;
using TaskRunner.Execution.Ports;

namespace TaskRunner.Execution.Tests.Unit;

[TestFixture]
public sealed class PortBindingTests
{
    [TestCase("80", null, null, "80/tcp")]
    [TestCase("8080:80", null, "8080", "80/tcp")]
    [TestCase("127.0.0.1:8080:80/udp", "127.0.0.1", "8080", "80/udp")]
    [TestCase("127.0.0.1::80", "127.0.0.1", null, "80/tcp")]
    [TestCase("[::1]:8080:80", "::1", "8080", "80/tcp")]
    public void Parses_docker_run_p_values(string text, string? ip, string? host, string key)
    {
        var p = PortBinding.Parse(text);
        Assert.That((p.HostIp, p.HostPort, p.Key), Is.EqualTo((ip, host, key)));
    }

    [TestCase("http")]
    [TestCase("80/xyz")]
    [TestCase("1:2:3:4")]
    [TestCase("70000")]
    public void Rejects_bad_values(string text) =>
        Assert.That(() => PortBinding.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(text));
}
