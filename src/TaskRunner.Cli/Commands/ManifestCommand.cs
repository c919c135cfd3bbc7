using System.CommandLine;
using TaskRunner.Registry;
using TaskRunner.Registry.Auth;
using TaskRunner.Registry.Manifests;
using TaskRunner.Registry.Names;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner manifest create|annotate|push|inspect|rm</c>: multi-architecture lists without the docker CLI, kept
/// in docker's own store (~/.docker/manifests), plus what docker lacks: the OCI format, annotations, flattening,
/// images from other repositories and registries, and a dry run. The digest is printed last.
/// </summary>
public static class ManifestCommand
{
    public static Command Create()
    {
        var command = new Command("manifest", CommandHelp.Describe(
            "Create, annotate, push, inspect and remove multi-architecture image indexes, talking to the registry directly.",
            "taskrunner manifest create 127.0.0.1:5000/app:latest 127.0.0.1:5000/app:1-amd64 127.0.0.1:5000/app:1-arm64",
            "taskrunner manifest push --purge 127.0.0.1:5000/app:latest",
            "taskrunner manifest inspect 127.0.0.1:5000/app:latest"));
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(AnnotateCommand());
        command.Subcommands.Add(PushCommand());
        command.Subcommands.Add(Forwarded("inspect", "Display an image manifest, or manifest list (local first, then the registry)",
            ["taskrunner manifest inspect 127.0.0.1:5000/app:latest", "taskrunner manifest inspect -v 127.0.0.1:5000/app:1-arm64"],
            [("--verbose", "-v", "Output additional info including layers and platform")], 1, 2));
        command.Subcommands.Add(Forwarded("rm", "Delete one or more manifest lists from local storage",
            ["taskrunner manifest rm 127.0.0.1:5000/app:latest"], [], 1, int.MaxValue));
        return command;
    }

    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Allow plain HTTP to this registry (loopback registries always are)" };

    private static ICredentialStore Credentials() => new DockerConfigCredentialStore();

    private static Command CreateCommand()
    {
        var list = new Argument<string>("manifest-list") { Description = "The list to create, e.g. myregistry.azurecr.io/app:latest" };
        var images = new Argument<string[]>("manifest") { Description = "The images to put in it, in order", Arity = ArgumentArity.OneOrMore };
        var amend = new Option<bool>("--amend", "-a") { Description = "Add to an existing local list" };
        var flatten = new Option<bool>("--flatten") { Description = "An image that is itself an index adds its images instead of failing" };
        var command = new Command("create", CommandHelp.Describe("Create a local manifest list for annotating and pushing to a registry.",
            "taskrunner manifest create 127.0.0.1:5000/app:latest 127.0.0.1:5000/app:1-amd64 127.0.0.1:5000/app:1-arm64",
            "taskrunner manifest create --flatten --amend 127.0.0.1:5000/app:latest 127.0.0.1:5000/base:multi"));
        command.Arguments.Add(list);
        command.Arguments.Add(images);
        command.Options.Add(amend);
        command.Options.Add(flatten);
        command.Options.Add(Insecure);
        command.SetAction(async (parse, cancellationToken) => await Guard(async () =>
        {
            var target = Parse(parse.GetValue(list)!);
            var sources = (parse.GetValue(images) ?? []).Select(Parse).ToList();
            using var client = new RegistryClient(Credentials(), new RegistryClientOptions { AllowInsecure = parse.GetValue(Insecure) });
            var count = await new ManifestTool(client, new DockerConfigManifestListStore()).CreateAsync(target, sources, parse.GetValue(amend), parse.GetValue(flatten), cancellationToken);
            Console.Out.WriteLine($"Created manifest list {target} ({count} image{(count == 1 ? "" : "s")})");
        }));
        return command;
    }

    private static Command AnnotateCommand()
    {
        var command = Forwarded("annotate", "Add additional information to a local image manifest",
            ["taskrunner manifest annotate --variant v8 127.0.0.1:5000/app:latest 127.0.0.1:5000/app:1-arm64"],
            [], 2, 2, ["--os", "--arch", "--os-version", "--os-features", "--variant"]);
        return command;
    }

    private static Command PushCommand()
    {
        var list = new Argument<string>("manifest-list") { Description = "The local list to push" };
        var purge = new Option<bool>("--purge", "-p") { Description = "Remove the local list after the push" };
        var format = new Option<string>("--format") { Description = "auto (Docker list when every image is a Docker manifest, else OCI), docker or oci", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "docker", "oci");
        var annotation = new Option<string[]>("--annotation") { Description = "An index annotation key=value (OCI only; repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var entryAnnotation = new Option<string[]>("--entry-annotation") { Description = "An entry annotation IMAGE=key=value (OCI only; repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the index JSON that would be pushed; push nothing" };
        var command = new Command("push", CommandHelp.Describe("Push a manifest list to its repository; images from other repositories or registries are copied in first.",
            "taskrunner manifest push --purge 127.0.0.1:5000/app:latest",
            "taskrunner manifest push --format oci --annotation org.opencontainers.image.source=https://example.com/app 127.0.0.1:5000/app:latest",
            "taskrunner manifest push --dry-run 127.0.0.1:5000/app:latest"));
        command.Arguments.Add(list);
        foreach (var option in new Option[] { purge, format, annotation, entryAnnotation, dryRun, Insecure }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) => await Guard(async () =>
        {
            var target = Parse(parse.GetValue(list)!);
            var chosen = Enum.Parse<ManifestListFormat>(parse.GetValue(format) ?? "auto", ignoreCase: true);
            var indexAnnotations = ManifestTool.ParseAnnotations(parse.GetValue(annotation) ?? []);
            var entryAnnotations = (parse.GetValue(entryAnnotation) ?? [])
                .Select(v => v.IndexOf('=') is var i and > 0 ? (Parse(v[..i]).ToString(), v[(i + 1)..]) : throw new UsageException($"--entry-annotation needs IMAGE=key=value, not '{v}'"))
                .GroupBy(p => p.Item1)
                .ToDictionary(g => g.Key, g => ManifestTool.ParseAnnotations(g.Select(p => p.Item2)));
            var store = new DockerConfigManifestListStore();
            using var client = new RegistryClient(Credentials(), new RegistryClientOptions { AllowInsecure = parse.GetValue(Insecure) });
            var tool = new ManifestTool(client, store);
            if (parse.GetValue(dryRun))
            {
                Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(tool.Render(target, chosen, indexAnnotations, entryAnnotations)));
                return;
            }
            var digest = await tool.PushAsync(target, chosen, indexAnnotations, entryAnnotations, Console.Out, cancellationToken);
            if (parse.GetValue(purge)) store.Remove(target);
            Console.Out.WriteLine(digest);
        }));
        return command;
    }

    /// <summary>A subcommand executed exactly as docker's is (same flags, messages and output).</summary>
    private static Command Forwarded(string name, string summary, string[] examples, (string Name, string Alias, string Description)[] switches,
        int minArgs, int maxArgs, string[]? valued = null)
    {
        var names = new Argument<string[]>("names") { Description = "The list and/or image", Arity = maxArgs == int.MaxValue ? ArgumentArity.OneOrMore : new ArgumentArity(minArgs, maxArgs) };
        var command = new Command(name, CommandHelp.Describe(summary + ".", examples));
        command.Arguments.Add(names);
        var switchOptions = switches.Select(s => (s.Name, Option: new Option<bool>(s.Name, s.Alias) { Description = s.Description })).ToList();
        foreach (var (_, option) in switchOptions) command.Options.Add(option);
        var valueOptions = (valued ?? []).Select(v => (Name: v, Option: new Option<string[]>(v) { Description = $"Set {v.TrimStart('-').Replace('-', ' ')}", Arity = ArgumentArity.ZeroOrMore })).ToList();
        foreach (var (_, option) in valueOptions) command.Options.Add(option);
        command.Options.Add(Insecure);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string> { name };
            foreach (var (flag, option) in switchOptions) if (parse.GetValue(option)) args.Add(flag);
            foreach (var (flag, option) in valueOptions) foreach (var value in parse.GetValue(option) ?? []) { args.Add(flag); args.Add(value); }
            args.AddRange(parse.GetValue(names) ?? []);
            var docker = new DockerManifestCommand(new DockerConfigManifestListStore(), Credentials(),
                new RegistryClientOptions { AllowInsecure = parse.GetValue(Insecure) });
            return await docker.ExecuteAsync(args, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    private static ImageReference Parse(string text) =>
        ImageReference.TryParse(text, out var reference, out var error) ? reference! : throw new UsageException(error);

    private static async Task<int> Guard(Func<Task> action)
    {
        try
        {
            await action();
            return ExitCodes.Ok;
        }
        catch (RegistryException e)
        {
            Console.Error.WriteLine($"taskrunner: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
