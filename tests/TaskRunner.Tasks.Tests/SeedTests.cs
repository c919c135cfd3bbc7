using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Tasks.Tests;

/// <summary>The seed file of the ACR article has exactly two real bugs; the corrected sample has none.</summary>
public class SeedTests
{
    [TestCase("", "")]
    [TestCase("run1", "reg.example.io")]
    public void Seed_reports_exactly_its_two_bugs_as_warnings(string id, string registry)
    {
        var path = Repository.Path("tests", "fixtures", "seed.acr-task.yaml");
        var result = TaskLoader.Load(new LoadRequest { File = path, Run = new RunContext { Id = id, Registry = registry } });

        Assert.That(Load.Errors(result), Is.Empty, string.Join("\n", result.Diagnostics));
        var warnings = Load.Warnings(result);
        Assert.That(warnings.Select(w => (w.Code, w.Span.Line)), Is.EquivalentTo(new[]
        {
            (DiagnosticCodes.ArchitectureMismatch, 4),
            (DiagnosticCodes.ArchitectureMismatch, 5),
            (DiagnosticCodes.PushNotBuilt, 7),
        }), string.Join("\n", warnings));
        var push = warnings.Single(w => w.Code == DiagnosticCodes.PushNotBuilt);
        Assert.That(push.Message, Does.Contain("myimage").And.Contain("-arm64"));
        Assert.That(push.Span.Column, Is.EqualTo(7));
        var mismatch = warnings.First(w => w.Code == DiagnosticCodes.ArchitectureMismatch);
        Assert.That(mismatch.Message, Does.Contain("amd64").And.Contain("dockerfile.arm64"));
        Assert.That(mismatch.Span.Column, Is.EqualTo(79), "points at the -f value on the original line");
    }

    [Test]
    public void Corrected_sample_validates_clean()
    {
        var path = Repository.Path("samples", "multi-arch", "acr-task.yaml");
        var result = TaskLoader.Load(new LoadRequest { File = path, Run = new RunContext { Id = "r1", Registry = "127.0.0.1:5000" } });
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Plan!.Steps, Has.Count.EqualTo(6));
    }
}
