using System.Text.Json;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Tests.Infrastructure;

namespace TaskRunner.Registry.Tests.Integration;

/// <summary>The warm-up a run does before its manifest steps: complete in process, and harmless to real registries.</summary>
[Category("Integration")]
public class ManifestWarmUpTests
{
    [Test]
    public async Task The_in_process_exercise_runs_every_command_successfully()
    {
        // Every command of the exercise (create, annotate, inspect local and remote, push --purge with a
        // cross-repository mount, rm) must succeed against the in-memory registry, or the warm-up compiles less.
        Assert.That(await ManifestWarmUp.InProcessAsync(default), Is.True);
    }

    [Test]
    public async Task Warming_up_against_a_real_registry_writes_nothing_to_it()
    {
        using var registry = LocalRegistry.Start();
        var credentials = new StaticCredentialStore(new Dictionary<string, RegistryCredential>());

        await ManifestWarmUp.RunAsync(credentials, [(registry.Host, false), (registry.Host, true)], default);

        using var http = new HttpClient();
        var catalog = JsonDocument.Parse(await http.GetStringAsync($"http://{registry.Host}/v2/_catalog"));
        Assert.That(catalog.RootElement.GetProperty("repositories").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void An_unreachable_registry_does_not_fail_the_warm_up()
    {
        var credentials = new StaticCredentialStore(new Dictionary<string, RegistryCredential>());
        var port = Shell.FreeLoopbackPort();
        Assert.DoesNotThrowAsync(() => ManifestWarmUp.RunAsync(credentials, [($"127.0.0.1:{port}", false)], default));
    }
}
