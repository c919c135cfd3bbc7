using System.Text.Json;
using TaskRunner.Execution.Events;

namespace TaskRunner.Cli.Reporting;

/// <summary>Writes <c>--report FILE</c> when the run finishes (after masking, like every other output).</summary>
public sealed class ReportFileObserver(string path, IndexTracker indexes) : IRunObserver
{
    public void OnEvent(RunEvent e)
    {
        if (e is StepOutput o) indexes.Match(o);
        if (e is not RunFinished finished) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, RunReport.Build(finished.Result, indexes.Pushed).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
