using System.CommandLine;
using Spectre.Console;
using TaskRunner.Cli.Reporting;
using TaskRunner.Execution.Events;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Cli.Commands;

/// <summary><c>--progress auto|tty|plain|json</c> and <c>--report FILE</c> of <c>taskrunner run</c>, and the observer they choose.</summary>
public sealed class RunReportingOptions
{
    public Option<string> Progress { get; } = new("--progress")
    {
        Description = "auto (live view on a terminal, plain lines otherwise), tty, plain, or json (one JSON event per line)",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Report { get; } = new("--report") { Description = "Write the run's summary as JSON to this file" };

    public void AddTo(Command command)
    {
        Progress.AcceptOnlyFromAmong("auto", "tty", "plain", "json");
        command.Options.Add(Progress);
        command.Options.Add(Report);
    }

    /// <summary>
    /// The observers for the chosen mode (before secret masking, which wraps them all; the live view also masks the
    /// step ids it takes from the plan with <paramref name="masker"/>, so its rows match the masked events).
    /// </summary>
    public IRunObserver CreateObserver(ParseResult parse, ExecutionPlan plan, bool verbose, SecretMasker masker)
    {
        var mode = Enum.Parse<ProgressMode>(parse.GetValue(Progress) ?? "auto", ignoreCase: true);
        var indexes = new IndexTracker(plan);
        var observers = new List<IRunObserver>();
        var githubActions = Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";
        if (mode == ProgressMode.Auto)
            mode = !Console.IsOutputRedirected && !githubActions && !verbose ? ProgressMode.Tty : ProgressMode.Plain;
        switch (mode)
        {
            case ProgressMode.Json:
                observers.Add(new JsonEventsObserver(Console.Out, indexes));
                observers.Add(new SummaryOnly(Console.Error));
                break;
            case ProgressMode.Tty:
                observers.Add(new LiveViewObserver(AnsiConsole.Console, plan, masker.Mask));
                break;
            default:
                observers.Add(githubActions
                    ? new GitHubActionsObserver(Console.Out, Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY"), indexes)
                    : new PlainLogObserver(Console.Out, Console.Error, new StepColors(StepColors.Wanted(Console.IsOutputRedirected)), verbose));
                break;
        }
        if (parse.GetValue(Report) is { } report) observers.Add(new ReportFileObserver(report, indexes));
        return observers.Count == 1 ? observers[0] : new CompositeObserver([.. observers]);
    }

    /// <summary>The end-of-run summary alone (JSON mode keeps stdout for events and prints it to stderr).</summary>
    private sealed class SummaryOnly(TextWriter output) : IRunObserver
    {
        public void OnEvent(RunEvent e)
        {
            if (e is RunFinished finished) RunSummaryWriter.Write(finished.Result, output);
        }
    }
}
