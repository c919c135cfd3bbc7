using System.CommandLine;

namespace TaskRunner.Cli.Commands;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", CommandHelp.Describe("Print TaskRunner's version and the task versions it reads.", "taskrunner version"));
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"taskrunner {VersionInfo.Version}");
            Console.Out.WriteLine("task file versions: 1.0-preview-1, v1.0.0, v1.1.0");
            return ExitCodes.Ok;
        });
        return command;
    }
}
