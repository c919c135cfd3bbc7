namespace TaskRunner.Cli.Commands;

/// <summary>Builds a command description with its examples, shown by --help.</summary>
public static class CommandHelp
{
    public static string Describe(string summary, params string[] examples) =>
        summary + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine
        + string.Join(Environment.NewLine, examples.Select(e => "  " + e));
}
