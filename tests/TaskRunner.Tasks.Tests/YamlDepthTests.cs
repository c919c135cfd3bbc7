using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Yaml;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// Deep nesting and bombs in the task file itself (issue 14). acb's yaml.v2 refuses more than 10,000 levels of flow
/// collections or of block indentation ("exceeded max depth of 10000", observed); TaskRunner refuses the same with
/// TR1011 at the collection that goes too deep, before building any node (no stack overflow, time linear in the size).
/// </summary>
public sealed class YamlDepthTests
{
    private const string Head = "steps:\n  - cmd: busybox echo a\nx: ";

    private static string Flow(int depth) => Head + new string('[', depth) + new string(']', depth) + "\n";
    private static string FlowMaps(int depth) => Head + string.Concat(Enumerable.Repeat("{a: ", depth)) + "b" + new string('}', depth) + "\n";
    private static string Dashes(int depth) => Head.TrimEnd(' ') + "\n" + string.Concat(Enumerable.Repeat("- ", depth)) + "a\n";

    [Test]
    public void Flow_collections_as_deep_as_acb_reads_are_read()
    {
        Assert.That(Load.Errors(Load.Text(Flow(LenientYaml.MaxDepth))), Is.Empty);
        Assert.That(Load.Errors(Load.Text(FlowMaps(LenientYaml.MaxDepth))), Is.Empty);
    }

    [Test]
    public void Block_nesting_as_deep_as_acb_reads_is_read() =>
        Assert.That(Load.Errors(Load.Text(Dashes(LenientYaml.MaxDepth))), Is.Empty, "the sequence at its key's column adds no level");

    [TestCase(10_001)]
    [TestCase(50_000)]
    public void Deeper_flow_nesting_is_refused_where_it_goes_too_deep(int depth)
    {
        foreach (var text in new[] { Flow(depth), FlowMaps(depth) })
        {
            var error = Load.Errors(Load.Text(text)).Single();
            Assert.That((error.Code, error.Span.Line, error.Span.Column), Is.EqualTo((DiagnosticCodes.YamlTooDeep, 3, 4 + LenientYaml.MaxDepth * (text.Contains('{') ? 4 : 1))));
            Assert.That(error.Message, Does.Contain("exceeded max depth of 10000"));
        }
    }

    [TestCase(10_001)]
    [TestCase(50_000)]
    public void Deeper_block_nesting_is_refused(int depth)
    {
        var error = Load.Errors(Load.Text(Dashes(depth))).Single();
        Assert.That((error.Code, error.Span.Line), Is.EqualTo((DiagnosticCodes.YamlTooDeep, 4)));
    }

    [Test]
    public void A_billion_laughs_of_aliases_is_not_expanded()
    {
        // Nine levels of ten aliases: 10^9 strings if expanded. acb accepts it under a key it ignores (observed), and so
        // does TaskRunner, which shares aliased nodes instead of copying them.
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                   + string.Concat(Enumerable.Range(1, 8).Select(i => $"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]\n"))
                   + "steps:\n  - cmd: busybox echo a\nx: *a8\n";
        Assert.That(Load.Errors(Load.Text(text)), Is.Empty);
        // Where acb decodes it (a list of lists for env), it is a type error on both sides.
        Assert.That(Load.Errors(Load.Text(text.Replace("x: *a8", "    env: *a8"))).Select(e => e.Code).Distinct(), Is.EqualTo(new[] { DiagnosticCodes.WrongType }));
    }

    [Test]
    public void A_merge_bomb_is_refused_with_a_clear_message()
    {
        var text = "m0: &m0 {a0: 1, a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1, a7: 1, a8: 1, a9: 1}\n"
                   + string.Concat(Enumerable.Range(1, 8).Select(i => $"m{i}: &m{i}\n" + string.Concat(Enumerable.Range(0, 10).Select(j => $"  k{j}:\n    <<: *m{i - 1}\n"))))
                   + "steps:\n  - cmd: busybox echo a\n    <<: *m8\n";
        var error = Load.Errors(Load.Text(text)).Single();
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.YamlSyntax));
        Assert.That(error.Message, Does.Contain("merge bomb"));
    }
}
