using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;
using TaskRunner.Tasks.Loading.Values;

namespace TaskRunner.Tasks.Tests;

/// <summary>
/// Inputs past TaskRunner's limits (docs/reliability.md) are diagnostics naming the limit, with the position where
/// there is one, never an out-of-memory crash, a stack overflow or a hang.
/// </summary>
public class InputLimitTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("taskrunner-limits-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Diagnostic SingleError(LoadResult result)
    {
        var errors = Load.Errors(result);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        return errors[0];
    }

    [Test]
    public void ARunawayRangeIsATemplateErrorAtItsPosition()
    {
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox echo {{ range 100000000 }}x{{ end }}\n"));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.TemplateExecution));
        Assert.That(error.Message, Does.Contain("more than 10,000,000 steps").And.Contain("(TPL006)"));
        Assert.That((error.Span.Line, error.Span.Column), Is.EqualTo((2, 26)));
    }

    [Test]
    public void OutputPastTheRenderLimitIsATemplateError()
    {
        var error = SingleError(Load.Text("steps:\n  - cmd: {{ range 8 }}{{ repeat 9000000 \"x\" }}{{ end }}\n"));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.TemplateExecution));
        Assert.That(error.Message, Does.Contain("the rendered text would pass 64 MiB").And.Contain("(TPL006)"));
        Assert.That((error.Span.Line, error.Span.Column), Is.EqualTo((2, 23)));
    }

    [Test]
    public void AValuesFileOverTheSizeLimitIsRefusedBeforeReading()
    {
        var path = Path.Combine(_dir, "values.yaml");
        using (var stream = File.Create(path)) stream.SetLength(InputLimits.MaxValuesFileBytes + 1);
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox\n", valuesFile: path));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
        Assert.That(error.Message, Is.EqualTo("cannot read the values file: it is 16777217 bytes, over TaskRunner's limit of 16 MiB"));
    }

    [Test]
    public void ATaskFileOverTheSizeLimitIsRefusedBeforeReading()
    {
        var path = Path.Combine(_dir, "acr-task.yaml");
        using (var stream = File.Create(path)) stream.SetLength(300L * 1024 * 1024);
        var result = TaskLoader.Load(new LoadRequest { File = path });
        var error = SingleError(result);
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.FileNotFound));
        Assert.That(error.Message, Is.EqualTo("cannot read the task file: it is 300 MiB, over TaskRunner's limit of 32 MiB"));
    }

    [Test]
    public void AHugeSetIsRefusedNamingTheLimit()
    {
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox\n", set: ["big=" + new string('x', InputLimits.MaxSetChars)]));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
        Assert.That(error.Message, Does.StartWith("--set big=... is 1048580 characters long, over TaskRunner's limit of 1048576 for one --set"));
        var many = Enumerable.Range(0, 9).Select(i => $"k{i}=" + new string('x', 1_000_000)).ToList();
        Assert.That(SingleError(Load.Text("steps:\n  - cmd: busybox\n", set: many)).Message, Does.Contain("over TaskRunner's limit of 8388608"));
    }

    [Test]
    public void AValuesAliasBombIsRefusedAtTheKeyThatPassesTheLimit()
    {
        var levels = string.Concat(Enumerable.Range(1, 9).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n"));
        var path = Write("values.yaml", "l0: &l0 [\"lol\"]\n" + levels);
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox\n", valuesFile: path));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
        Assert.That(error.Message, Does.StartWith("the values expand to more than 8 MiB (each use of a YAML alias counts again)"));
        Assert.That(error.Message, Does.EndWith("(under \"l7\")"));
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(path, 8, 1)));
    }

    [Test]
    public void AValuesMapThatHoldsItselfIsRefused()
    {
        var path = Write("values.yaml", "a: 1\nself: &self\n  me: *self\n");
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox\n", valuesFile: path));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
        Assert.That(error.Message, Does.StartWith("the values nest deeper than 500 levels"));
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(path, 2, 1)));
    }

    [Test]
    public void AValuesKeyThatIsAMapIsADiagnosticAtTheKey()
    {
        var path = Write("values.yaml", "tag: v1\n{{ .x }}: 1\n");
        var error = SingleError(Load.Text("steps:\n  - cmd: busybox\n", valuesFile: path));
        Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
        Assert.That(error.Message, Does.StartWith("a values file's keys must be plain names"));
        Assert.That((error.Span.Line, error.Span.Column), Is.EqualTo((2, 1)));
    }

    [Test]
    public void ValuesWithinTheLimitsLoad()
    {
        var path = Write("values.yaml", "base: &b [a, b, c]\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"k{i}: *b\n")));
        var result = Load.Text("steps:\n  - cmd: busybox echo {{ len .Values }} {{ index .Values.k1999 2 }}\n", valuesFile: path);
        Assert.That(Load.Errors(result), Is.Empty);
        Assert.That(result.RenderedText, Does.Contain("echo 2001 c"));
    }
}

/// <summary>Values files that YamlDotNet fails on with other exceptions than YamlException (found by fuzzing).</summary>
public class MalformedValuesTests
{
    [Test]
    public void AMergeOfAnUnknownAnchorIsADiagnostic()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskrunner-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "a: &x\n  b: 1\nc:\n  <<: *a\n");
        try
        {
            var result = Load.Text("steps:\n  - cmd: busybox\n", valuesFile: path);
            var error = Load.Errors(result).Single();
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.InvalidValuesFile));
            Assert.That(error.Message, Does.StartWith("the values file is not valid YAML: unknown anchor 'a' referenced"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>.ValuesJSON is built outside a render: the render's value limit does not apply to it.</summary>
public class ValuesJsonTests
{
    [Test]
    public void AValuesFileWithinItsLimitGivesValuesJsonLargerThanTheRenderValueLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskrunner-values-{Guid.NewGuid():N}.yaml");
        // 3 MiB of '<' is 18 MiB of JSON (\u003c each), over the 16 MiB a template function may return.
        File.WriteAllText(path, "a: \"" + new string('<', 3 * 1024 * 1024) + "\"\n");
        try
        {
            var result = Load.Text("steps:\n  - cmd: busybox echo {{ len .Values.a }}\n", valuesFile: path);
            Assert.That(Load.Errors(result), Is.Empty);
            Assert.That(result.RenderedText, Does.Contain("echo 3145728"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
