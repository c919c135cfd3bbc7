namespace TaskRunner.Cli.Reporting;

/// <summary>How <c>taskrunner run</c> shows a run: <c>--progress auto|tty|plain|json</c>.</summary>
public enum ProgressMode
{
    /// <summary>The live view on a terminal, plain lines otherwise.</summary>
    Auto,
    Tty,
    Plain,
    Json,
}
