using System.Text;
using TaskRunner.Registry.Auth;

namespace TaskRunner.Registry.Tests.Unit;

public class CredentialStoreTests
{
    private DirectoryInfo _dir = null!;

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("tr-cfg");
    [TearDown] public void TearDown() => _dir.Delete(true);

    private void Config(string json) => File.WriteAllText(Path.Combine(_dir.FullName, "config.json"), json);

    [Test]
    public async Task Auths_entries_are_read_by_host()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("me:secret:with:colons"));
        Config($"{{\"auths\":{{\"https://myreg.azurecr.io\":{{\"auth\":\"{auth}\"}},\"https://index.docker.io/v1/\":{{\"username\":\"hub\",\"password\":\"p\"}},\"tok.io\":{{\"identitytoken\":\"refresh\"}}}}}}");
        var store = new DockerConfigCredentialStore(_dir.FullName);
        Assert.That(await store.GetAsync("myreg.azurecr.io", default), Is.EqualTo(new RegistryCredential("me", "secret:with:colons", null)));
        Assert.That((await store.GetAsync("docker.io", default))!.Username, Is.EqualTo("hub"));
        Assert.That((await store.GetAsync("tok.io", default))!.IdentityToken, Is.EqualTo("refresh"));
        Assert.That(await store.GetAsync("other.io", default), Is.Null);
    }

    [Test]
    public async Task Credential_helpers_are_run_with_the_server_on_stdin()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the helper here is a shell script");
            return;
        }
        var bin = _dir.CreateSubdirectory("bin");
        var helper = Path.Combine(bin.FullName, "docker-credential-trtest");
        File.WriteAllText(helper, "#!/bin/sh\nread server\nif [ \"$server\" = \"helped.io\" ]; then echo '{\"ServerURL\":\"helped.io\",\"Username\":\"<token>\",\"Secret\":\"idtoken\"}'; else echo 'credentials not found in native keychain'; exit 1; fi\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Config("{\"credHelpers\":{\"helped.io\":\"trtest\"},\"credsStore\":\"trtest\"}");
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", bin.FullName + ":" + path);
        try
        {
            var store = new DockerConfigCredentialStore(_dir.FullName);
            Assert.That(await store.GetAsync("helped.io", default), Is.EqualTo(new RegistryCredential(null, null, "idtoken")));
            Assert.That(await store.GetAsync("unknown.io", default), Is.Null);
        }
        finally { Environment.SetEnvironmentVariable("PATH", path); }
    }

    [Test]
    public async Task Static_credentials_win_and_fall_back()
    {
        Config("{\"auths\":{\"a.io\":{\"username\":\"cfg\",\"password\":\"p\"},\"b.io\":{\"username\":\"cfg\",\"password\":\"p\"}}}");
        var store = new StaticCredentialStore(new Dictionary<string, RegistryCredential> { ["https://a.io/"] = new("flag", "x", null) },
            new DockerConfigCredentialStore(_dir.FullName));
        Assert.That((await store.GetAsync("a.io", default))!.Username, Is.EqualTo("flag"));
        Assert.That((await store.GetAsync("b.io", default))!.Username, Is.EqualTo("cfg"));
    }

    [Test]
    public void Credentials_never_print_their_secrets()
    {
        Assert.That(new RegistryCredential("u", "hunter2", "tok").ToString(), Does.Not.Contain("hunter2").And.Not.Contain("tok"));
    }
}
