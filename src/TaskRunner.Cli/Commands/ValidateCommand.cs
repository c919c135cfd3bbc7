using System.CommandLine;
using TaskRunner.Cli.Output;
using TaskRunner.Execution.Run;
using TaskRunner.Execution.Steps.Build;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner validate FILE...</c>: every problem of every file at once, without a Docker engine.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var options = new TaskFileOptions();
        var files = new Argument<string[]>("files") { Description = "Task files to check (default: the -f file, acr-task.yaml or acb.yaml)", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "Output: text, json, github (workflow annotations) or sarif (SARIF 2.1.0)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github", "sarif");
        var strict = new Option<bool>("--strict") { Description = "Treat warnings as errors" };
        var platformEngine = new PlatformEngineFlag();
        var command = new Command("validate", CommandHelp.Describe(
            "Check task files as ACR would load them, plus TaskRunner's lints; exit 0 when there is no error, 1 when there is.",
            "taskrunner validate acr-task.yaml",
            "taskrunner validate --format sarif tasks/*.yaml > taskrunner.sarif",
            "taskrunner validate --strict -r myregistry.azurecr.io --set tag=1.0 acr-task.yaml",
            "taskrunner validate --platform-engine linux/arm64=arm-box acr-task.yaml"));
        command.Arguments.Add(files);
        command.Options.Add(format);
        command.Options.Add(strict);
        command.Options.Add(platformEngine.Option);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            try { return Validate(parse); }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"taskrunner: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;

        int Validate(ParseResult parse)
        {
            // With --platform-engine: where steps would need an image built on another engine (TR4013, TR4014).
            var platformEngines = platformEngine.Parse(parse);
            PlatformEngineFlag.Resolve(platformEngines);
            var paths = (parse.GetValue(files) ?? []).ToList();
            if (paths.Count == 0 && options.ResolveFile(parse) is { } single) paths.Add(single);
            if (paths.Count == 0)
            {
                Console.Error.WriteLine("taskrunner: no task file: name one, or run where acr-task.yaml or acb.yaml is");
                return ExitCodes.Usage;
            }
            // An unknown flag after the files lands among them: name it as a flag, not as a missing file.
            if (paths.FirstOrDefault(p => p.StartsWith('-') && p.Length > 1 && !File.Exists(p)) is { } flag)
            {
                Console.Error.WriteLine($"taskrunner: unknown option '{flag}' for validate; run 'taskrunner validate --help' for the options");
                return ExitCodes.Usage;
            }
            var isStrict = parse.GetValue(strict);
            var all = new List<Diagnostic>();
            var secrets = new HashSet<string>(StringComparer.Ordinal);
            var unreadable = new List<Diagnostic>();
            foreach (var path in paths)
            {
                // A file that is not there is reported, and the others are still checked and written in every format.
                if (TaskFileOptions.FileProblem(path) is { } problem)
                {
                    Console.Error.WriteLine($"taskrunner: {problem}");
                    var diagnostic = new Diagnostic(SourceSpan.None(path), Severity.Error, DiagnosticCodes.FileNotFound, problem);
                    all.Add(diagnostic);
                    unreadable.Add(diagnostic);
                    continue;
                }
                var request = options.ToLoadRequest(parse, path);
                secrets.UnionWith(request.Secrets.Values);
                var loaded = TaskLoader.Load(request);
                all.AddRange(loaded.Diagnostics);
                // Dockerfiles are read as `az acr run -f FILE .` would find them, with the file's folder as the source.
                if (loaded.Plan is { } plan && platformEngines.Count > 0)
                    all.AddRange(EngineAssignment.Assign(plan, platformEngines, SourceDockerfileBases.From(Path.GetDirectoryName(Path.GetFullPath(path))!)).Diagnostics);
            }
            var chosen = Enum.Parse<DiagnosticFormat>(parse.GetValue(format) ?? "text", ignoreCase: true);
            // Text has said it on stderr already; the other formats carry it as a result (TR1000) beside the others'.
            var written = chosen == DiagnosticFormat.Text ? all.Where(d => !unreadable.Any(u => ReferenceEquals(u, d))).ToList() : all;
            DiagnosticWriter.Write(Console.Out, chosen, written, isStrict, new TaskRunner.Execution.Events.SecretMasker(secrets));
            var errors = all.Count(d => DiagnosticWriter.Effective(d, isStrict) == Severity.Error);
            var warnings = all.Count - errors;
            if (chosen == DiagnosticFormat.Text)
                Console.Error.WriteLine($"{paths.Count} file{(paths.Count == 1 ? "" : "s")} checked: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
            return unreadable.Count > 0 ? ExitCodes.Usage : errors > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }
    }
}
