using TaskRunner.Fidelity.Tests.Generator;
using TaskRunner.Fidelity.Tests.Harness;

namespace TaskRunner.Fidelity.Tests;

/// <summary>
/// A fixed-seed sample of generated task files through acb and TaskRunner (tests/fidelity/difffuzz.sh runs any count
/// and seed). Every disagreement is listed with a ready-to-paste case.
/// </summary>
[TestFixture]
public sealed class GeneratorTests
{
    public const int SampleSeed = 20261207;
    public const int SampleCount = 200;

    [Test]
    public void TheGeneratorIsDeterministic()
    {
        var a = new TaskGenerator(TaskGenerator.CaseSeed(SampleSeed, 5)).Generate();
        var b = new TaskGenerator(TaskGenerator.CaseSeed(SampleSeed, 5)).Generate();
        Assert.That(a, Is.EqualTo(b).Using<GeneratedCase>((x, y) => x.TaskText == y.TaskText && x.ValuesText == y.ValuesText && x.Set.SequenceEqual(y.Set)));
    }

    [Test]
    public void TheSampleCoversEveryKindOfInput()
    {
        var features = Enumerable.Range(0, SampleCount).SelectMany(i => new TaskGenerator(TaskGenerator.CaseSeed(SampleSeed, i)).Generate().Features).ToHashSet();
        foreach (var expected in new[] { "alias-block", "alias-builtin", "alias-user", "dollar-unknown", "dollar-double", "dollar-punct", "dollar-brace", "dollar-paren",
                     "tpl-range", "tpl-with", "tpl-var", "tpl-sprig-string", "set-dotted", "set-replaces-map", "step-when", "step-env", "step-timeout",
                     "task-secrets", "task-volumes", "task-networks", "step-volumeMounts", "yaml-flow-steps", "yaml-anchor", "yaml-block-literal", "comment-line" })
            Assert.That(features, Does.Contain(expected));
    }

    /// <summary>Merge keys come now and then, in every place and form, without crowding out the other shapes.</summary>
    [Test]
    public void MergeKeysComeInEveryFormAtAModestRate()
    {
        const int count = 1000;
        var cases = Enumerable.Range(0, count).Select(i => new TaskGenerator(TaskGenerator.CaseSeed(SampleSeed, i)).Generate()).ToList();
        var withMerge = cases.Count(c => c.TaskText.Contains("<<"));
        var features = cases.SelectMany(c => c.Features).ToHashSet();
        TestContext.Out.WriteLine($"{withMerge} of {count} cases write a merge key");
        Assert.That(withMerge, Is.InRange(count * 5 / 100, count * 15 / 100));
        foreach (var expected in new[] { "merge-step", "merge-twice", "merge-block", "merge-replaces-step", "merge-volume-secret", "merge-task-secret",
                     "merge-ignored-keys", "merge-under-ignored-key", "merge-anchor-map", "merge-anchor-other", "merge-alias", "merge-inline",
                     "merge-inline-anchor", "merge-nested", "merge-list", "merge-empty", "merge-bad-scalar", "merge-bad-alias",
                     "merge-bad-list-scalar", "merge-bad-list-of-lists" })
            Assert.That(features, Does.Contain(expected));
    }

    [Test]
    public void AFixedSeedSampleAgreesWithAcb()
    {
        var acb = Acb.Find();
        if (acb is null) Assert.Ignore(Acb.NotFoundReason);
        var directory = Directory.CreateTempSubdirectory("fidelity-sample-").FullName;
        try
        {
            var outcomes = new FuzzRunner(acb, directory).Run(SampleCount, SampleSeed);
            var disagreeing = outcomes.Where(o => o.Disagreements.Count > 0).ToList();
            TestContext.Out.WriteLine(FuzzRunner.Summary(outcomes, SampleSeed));
            Assert.That(disagreeing, Is.Empty, FuzzRunner.Summary(outcomes, SampleSeed) + "\n\n" + string.Join("\n", disagreeing.Take(20).Select(o =>
                $"case {o.Index} (case seed {o.CaseSeed}): " + string.Join("; ", o.Disagreements) + "\n" + ReadyCase.Write(o.Input))));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
