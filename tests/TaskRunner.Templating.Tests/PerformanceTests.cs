using System.Diagnostics;

namespace TaskRunner.Templating.Tests;

public class PerformanceTests
{
    /// <summary>
    /// The fastest of many batches, in microseconds per call: other work on a shared machine only ever adds time, so
    /// the minimum is the stable measure of the code itself.
    /// </summary>
    private static double FastestBatch(Action action, int batches = 40, int perBatch = 50)
    {
        for (var i = 0; i < perBatch * 4; i++) action();
        var best = double.MaxValue;
        var watch = new Stopwatch();
        for (var b = 0; b < batches; b++)
        {
            watch.Restart();
            for (var i = 0; i < perBatch; i++) action();
            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / perBatch);
        }
        return best;
    }

    [Test]
    public void HundredLineTaskRendersWellUnderAMillisecond()
    {
        var text = AcrTaskFiles.HundredLines();
        Assert.That(text.Split('\n'), Has.Length.GreaterThanOrEqualTo(100));
        var data = AcrTaskFiles.Data();
        var template = GoTemplate.Parse(text);

        var render = FastestBatch(() => template.Render(data));
        var parseAndRender = FastestBatch(() => GoTemplate.Parse(text).Render(data));

        TestContext.Out.WriteLine($"100-line task file: render {render:F1} µs, parse+render {parseAndRender:F1} µs");
        // Release on this 2-core machine: about 60 µs to render and 270 µs to parse and render. The bounds leave room for
        // Debug builds and for other builds running at the same time.
        Assert.That(render, Is.LessThan(500), "render, in microseconds");
        Assert.That(parseAndRender, Is.LessThan(2000), "parse and render, in microseconds");
    }
}
