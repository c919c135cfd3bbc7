using NUnit.Framework;
using TaskRunner.Cli;
using TaskRunner.Cli.Commands;
using TaskRunner.Execution.Adapters.Registry;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Cli.Tests;

[TestFixture]
public sealed class RunCredentialsTests
{
    [Test]
    public void Parses_acbs_credential_json()
    {
        var (registry, credential) = RunCredentials.ParseCredential("""{"registry":"r.azurecr.io","username":"u","password":"p","userNameProviderType":"opaque","passwordProviderType":"opaque"}""");
        Assert.That(registry, Is.EqualTo("r.azurecr.io"));
        Assert.That((credential.Username, credential.Password), Is.EqualTo(("u", "p")));
    }

    [TestCase("not json", "must be JSON")]
    [TestCase("""{"registry":"r","username":"u"}""", "needs registry, username and password")]
    [TestCase("""{"registry":"r","username":"u","password":"https://vault/secret","passwordProviderType":"vaultsecret"}""", "cannot be resolved locally")]
    public void Rejects_what_cannot_be_used(string json, string message) =>
        Assert.That(() => RunCredentials.ParseCredential(json), Throws.TypeOf<UsageException>().With.Message.Contains(message));

    [Test]
    public async Task A_dry_run_sees_only_the_given_credentials()
    {
        var credentials = new RunCredentials();
        credentials.Add("127.0.0.1:5000", new RegistryCredential("user", "pass", null));

        Assert.That(await credentials.GivenOnly().GetAsync("127.0.0.1:5000", CancellationToken.None), Is.Not.Null);
        Assert.That(await credentials.GivenOnly().GetAsync("other.example.com", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Given_credentials_win_and_reach_the_engine_as_registry_auth()
    {
        var credentials = new RunCredentials();
        credentials.Add("127.0.0.1:5000", new RegistryCredential("user", "pass", null));
        var lookup = new RegistryCredentialSource(credentials.Store());

        var auth = await lookup.GetAsync("127.0.0.1:5000", CancellationToken.None);

        Assert.That(auth, Is.Not.Null);
        Assert.That((auth!.ServerAddress, auth.Username, auth.Password), Is.EqualTo(("127.0.0.1:5000", "user", "pass")));
        Assert.That(auth.ToString(), Does.Not.Contain("pass"));
        Assert.That(credentials.Secrets, Is.EqualTo(new[] { "pass" }));
    }
}
