using System.CommandLine;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// The flags every command that reads a task file shares, named as acb's exec names them, and their translation into a
/// <see cref="LoadRequest"/>.
/// </summary>
public sealed class TaskFileOptions
{
    public Option<string?> File { get; } = new("--file", "-f") { Description = "The task file (default: acr-task.yaml, then acb.yaml in the current directory)" };
    public Option<string?> Values { get; } = new("--values") { Description = "A YAML file of values for .Values" };
    public Option<string[]> Set { get; } = new("--set") { Description = "Set a value: key=value (repeatable; the last duplicate wins)", Arity = ArgumentArity.ZeroOrMore };
    public Option<string[]> Secret { get; } = new("--secret") { Description = "A secret for .Secrets: id=value (repeatable); masked in all output", Arity = ArgumentArity.ZeroOrMore };
    public Option<string?> SecretFile { get; } = new("--secret-file") { Description = "A file of secrets, one id=value per line" };
    public Option<string?> Id { get; } = new("--id") { Description = $"The run ID (.Run.ID); validate, render and graph use '{StandInRunId}' without it" };

    /// <summary>
    /// The run ID validate, render and graph use when none is given. ACR never runs a task without one, and an empty ID
    /// breaks YAML that is valid in ACR (<c>-t app:{{.Run.ID}} --label x</c> renders <c>app: --label</c>, a mapping).
    /// </summary>
    public const string StandInRunId = "runid";
    public Option<string?> Registry { get; } = new("--registry", "-r") { Description = "The registry (.Run.Registry), e.g. myregistry.azurecr.io or 127.0.0.1:5000" };
    public Option<string?> Commit { get; } = new("--commit") { Description = "The commit SHA (.Run.Commit)" };
    public Option<string?> Branch { get; } = new("--branch") { Description = "The branch (.Run.Branch)" };
    public Option<string?> Repository { get; } = new("--repository") { Description = "The repository (.Run.Repository)" };
    public Option<string?> GitTag { get; } = new("--git-tag") { Description = "The Git tag (.Run.GitTag)" };
    public Option<string?> TriggeredBy { get; } = new("--triggered-by") { Description = "What triggered the run (.Run.TriggeredBy)" };
    public Option<string?> Name { get; } = new("--name") { Description = "The task name (.Run.TaskName)" };
    public Option<string?> OsVersion { get; } = new("--os-version") { Description = "The OS version (.Run.OSVersion)" };
    public Option<string?> WorkingDirectory { get; } = new("--working-directory") { Description = "Working directory of steps when the task sets none" };
    public Option<string> LeftDelimiter { get; } = new("--left-delim") { Description = "Template left delimiter", DefaultValueFactory = _ => "{{" };
    public Option<string> RightDelimiter { get; } = new("--right-delim") { Description = "Template right delimiter", DefaultValueFactory = _ => "}}" };

    public IEnumerable<Option> All =>
    [
        File, Values, Set, Secret, SecretFile, Id, Registry, Commit, Branch, Repository, GitTag, TriggeredBy, Name, OsVersion,
        WorkingDirectory, LeftDelimiter, RightDelimiter,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>Why a task file named on the command line cannot be read (a directory, or nothing there); null when it can.</summary>
    public static string? FileProblem(string path) =>
        System.IO.File.Exists(path) ? null
        : Directory.Exists(path) ? $"task file '{path}' is a directory; name the task file in it (for example {Path.Combine(path, "acr-task.yaml")})"
        : $"task file '{path}' does not exist";

    /// <summary>The task file to read: -f, else acr-task.yaml, else acb.yaml; null when none is found.</summary>
    public string? ResolveFile(ParseResult result)
    {
        if (result.GetValue(File) is { } file) return file;
        foreach (var candidate in new[] { "acr-task.yaml", "acb.yaml" })
            if (System.IO.File.Exists(candidate)) return candidate;
        return null;
    }

    /// <summary>Builds the load request; throws <see cref="UsageException"/> for bad flag values.</summary>
    public LoadRequest ToLoadRequest(ParseResult result, string file, string? runId = null)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.GetValue(SecretFile) is { } secretFile)
        {
            if (!System.IO.File.Exists(secretFile)) throw new UsageException($"secret file '{secretFile}' does not exist");
            foreach (var line in System.IO.File.ReadAllLines(secretFile))
            {
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                AddSecret(secrets, line, "--secret-file");
            }
        }
        foreach (var entry in result.GetValue(Secret) ?? []) AddSecret(secrets, entry, "--secret");
        var values = result.GetValue(Values);
        if (values is not null && !System.IO.File.Exists(values)) throw new UsageException($"values file '{values}' does not exist");
        var left = result.GetValue(LeftDelimiter) ?? "{{";
        var right = result.GetValue(RightDelimiter) ?? "}}";
        if (left.Length == 0 || right.Length == 0) throw new UsageException("template delimiters cannot be empty");

        return new LoadRequest
        {
            File = file,
            ValuesFile = values,
            Set = result.GetValue(Set) ?? [],
            Secrets = secrets,
            DefaultWorkingDirectory = result.GetValue(WorkingDirectory),
            LeftDelimiter = left,
            RightDelimiter = right,
            Run = new RunContext
            {
                Id = result.GetValue(Id) ?? runId ?? StandInRunId,
                Registry = result.GetValue(Registry) ?? "",
                Commit = result.GetValue(Commit) ?? "",
                Branch = result.GetValue(Branch) ?? "",
                Repository = result.GetValue(Repository) ?? "",
                GitTag = result.GetValue(GitTag) ?? "",
                TriggeredBy = result.GetValue(TriggeredBy) ?? "",
                TaskName = result.GetValue(Name) ?? "",
                OSVersion = result.GetValue(OsVersion) ?? "",
                Architecture = RunContext.HostArchitecture(),
                StartTime = StartTime(),
            },
        };
    }

    private static void AddSecret(Dictionary<string, string> secrets, string entry, string flag)
    {
        var index = entry.IndexOf('=');
        if (index <= 0) throw new UsageException($"{flag} needs id=value; got an entry without an id or '='");
        secrets[entry[..index].Trim()] = entry[(index + 1)..];
    }

    /// <summary>SOURCE_DATE_EPOCH when set (reproducible runs), else now.</summary>
    public static DateTimeOffset StartTime()
    {
        var epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (!string.IsNullOrEmpty(epoch))
        {
            if (!long.TryParse(epoch, out var seconds)) throw new UsageException($"SOURCE_DATE_EPOCH must be whole seconds since 1970, not '{epoch}'");
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return DateTimeOffset.UtcNow;
    }
}
