using TaskRunner.Registry.Names;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Run;

/// <summary>
/// Which engine runs each step when <c>--platform-engine</c> is given: a build step whose <c>--platform</c> (as
/// docker normalises it) is one of the options' runs on that option's engine; a push step pushes each image from the
/// engine that built it; everything else (cmd steps, in-process <c>docker manifest</c>, pushes of images no step
/// builds) runs on the default engine. Images never move between engines behind the task's back: a step that uses
/// an image built on another engine gets it through the registry, and <see cref="Diagnostics"/> says where a task
/// relies on that (TR4013), and where one tag is built on several engines and pushed (TR4014).
/// </summary>
public sealed class EngineAssignment
{
    /// <summary>What progress, reports and graphs call the default engine.</summary>
    public const string DefaultEngineName = "default";

    private readonly Dictionary<string, string> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Step, string Image), string> _pushes = new();
    private readonly List<Diagnostic> _diagnostics = [];

    private EngineAssignment(IReadOnlyList<PlatformEngineOption> options) => Options = options;

    /// <summary>The options this assignment was made for.</summary>
    public IReadOnlyList<PlatformEngineOption> Options { get; }

    /// <summary>Whether any step leaves the default engine... or could: true whenever an option was given.</summary>
    public bool HasPlatformEngines => Options.Count > 0;

    /// <summary>The platform engine (an option's <see cref="PlatformEngineOption.Engine"/>) of a step, or null for the default engine.</summary>
    public string? EngineOf(string stepId) => _steps.GetValueOrDefault(stepId);

    /// <summary>The platform engine that pushes <paramref name="image"/> (as the push step lists it), or null for the default engine.</summary>
    public string? PushEngineOf(string stepId, string image) => _pushes.GetValueOrDefault((stepId, image));

    /// <summary>Every engine a step uses (builds, or pushes of what they built), for the steps that are not on the default engine.</summary>
    public IReadOnlyCollection<string> PlatformEnginesUsed => _steps.Values.Concat(_pushes.Values).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The build steps that run on <paramref name="engine"/>.</summary>
    public IEnumerable<string> StepsOn(string engine) => _steps.Where(p => p.Value == engine).Select(p => p.Key);

    /// <summary>The engine of a step for display: its platform engine, <see cref="DefaultEngineName"/>, or for a push from several engines, each one.</summary>
    public string Describe(PlannedStep step)
    {
        if (step.Kind != StepKind.Push) return EngineOf(step.Id) ?? DefaultEngineName;
        var engines = step.PushImages.Select(i => PushEngineOf(step.Id, i) ?? DefaultEngineName).Distinct(StringComparer.Ordinal).ToList();
        return engines.Count == 0 ? DefaultEngineName : string.Join(", ", engines);
    }

    /// <summary>TR4013 and TR4014 warnings: empty without options.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>No platform engines: every step on the default engine.</summary>
    public static EngineAssignment None { get; } = new([]);

    /// <param name="plan">The task's plan.</param>
    /// <param name="options">The <c>--platform-engine</c> options.</param>
    /// <param name="baseImagesOf">The images a build step's Dockerfile starts from (its FROMs), when they can be read; null: not checked.</param>
    public static EngineAssignment Assign(ExecutionPlan plan, IReadOnlyList<PlatformEngineOption> options, Func<PlannedStep, IReadOnlyList<string>>? baseImagesOf = null)
    {
        var assignment = new EngineAssignment(options);
        if (options.Count == 0) return assignment;

        // Build steps: by their --platform.
        var builtBy = new Dictionary<string, List<PlannedStep>>(StringComparer.Ordinal);
        foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Build))
        {
            var arguments = BuildArguments(step);
            if (arguments is null) continue;
            if (EnginePlatform.TryParse(arguments.Platform) is { } platform && options.FirstOrDefault(o => o.Platform == platform) is { } option)
                assignment._steps[step.Id] = option.Engine;
            foreach (var tag in arguments.Tags) (builtBy.TryGetValue(Normalise(tag), out var list) ? list : builtBy[Normalise(tag)] = []).Add(step);
        }

        var ancestors = Ancestors(plan);
        // The run's own engine, apart from a platform engine that is the docker context named "default" (no context or
        // address can be written with parentheses).
        const string RunEngine = "(default)";
        string Engine(PlannedStep step) => assignment._steps.GetValueOrDefault(step.Id) ?? RunEngine;
        string Named(string engine) => engine == RunEngine ? "the default engine"
            : $"engine {engine} (--platform-engine {string.Join(", ", options.Where(o => o.Engine == engine))})";
        // The build steps before `step` (its dependencies, direct or not) that tag `image`, in file order.
        List<PlannedStep> Producers(PlannedStep step, string image) =>
            builtBy.TryGetValue(Normalise(image), out var list) ? list.Where(p => ancestors[step.Id].Contains(p.Id)).ToList() : [];
        bool PushedBefore(PlannedStep step, string image) => plan.Steps.Any(p => p.Kind == StepKind.Push && ancestors[step.Id].Contains(p.Id)
            && p.PushImages.Any(i => Normalise(i) == Normalise(image)));

        foreach (var step in plan.Steps)
        {
            if (step.Kind == StepKind.Push)
            {
                for (var i = 0; i < step.PushImages.Count; i++)
                {
                    var image = step.PushImages[i];
                    var producers = Producers(step, image);
                    if (producers.Count == 0) continue;
                    // The tag holds what the last build before the push made (as in ACR's one-engine run): push from its engine.
                    var last = producers[^1];
                    if (assignment._steps.GetValueOrDefault(last.Id) is { } engine) assignment._pushes[(step.Id, image)] = engine;
                    var engines = producers.Select(Engine).Distinct(StringComparer.Ordinal).ToList();
                    if (engines.Count > 1)
                    {
                        var span = i < step.Definition.Push.Count ? step.Definition.Push[i].Span : step.Definition.Span;
                        assignment._diagnostics.Add(new Diagnostic(span, Severity.Warning, DiagnosticCodes.PushBuiltOnSeveralEngines,
                            $"push of '{image}', which steps {string.Join(", ", producers.Select(p => $"'{p.Id}'"))} build on different engines "
                            + $"({string.Join(", ", engines.Select(Named))}): each engine has its own image under that tag, and the push sends the one of "
                            + $"the last build, '{last.Id}', from {Named(Engine(last))}; give each platform its own tag and combine them with docker manifest"));
                    }
                }
                continue;
            }

            // What the step needs as an image: a cmd step its image, a build step the bases of its Dockerfile.
            var needs = new List<string>();
            if (step.Kind == StepKind.Cmd && FirstWord(step) is { } runImage && !IsDockerManifest(step)) needs.Add(runImage);
            if (step.Kind == StepKind.Build && baseImagesOf is not null) needs.AddRange(baseImagesOf(step));
            foreach (var needed in needs.Distinct(StringComparer.Ordinal))
            {
                var producers = Producers(step, needed).Where(p => Engine(p) != Engine(step)).ToList();
                if (producers.Count == 0) continue;
                var producer = producers[^1];
                var use = step.Kind == StepKind.Cmd ? "runs image" : "builds FROM";
                var how = PushedBefore(step, needed)
                    ? $"it is pulled from the registry, where an earlier push step sends it ({(step.Definition.Pull ? "pull: true" : "a copy of that tag already on " + Named(Engine(step)) + " would be used instead; set pull: true to always take the registry's")})"
                    : "no earlier step pushes it, so the step fails unless that tag is already in the registry or on its engine: push the image in a step this one runs after";
                assignment._diagnostics.Add(new Diagnostic(step.Definition.CommandSpan.IsKnown ? step.Definition.CommandSpan : step.Definition.Span, Severity.Warning,
                    DiagnosticCodes.ImageFromOtherEngine,
                    $"step '{step.Id}' {use} '{needed}', which step '{producer.Id}' builds on {Named(Engine(producer))}; this step runs on {Named(Engine(step))}, "
                    + $"and images reach another engine only through the registry: {how}"));
            }
        }
        return assignment;
    }

    private static DockerBuildArguments? BuildArguments(PlannedStep step)
    {
        var buildKit = BuildKitEnvironment.IsOn(step.Env);
        try { return DockerBuildArgumentParser.Parse(step.Definition.Command ?? "", buildKit); }
        catch (FormatException) { return null; }
    }

    private static string? FirstWord(PlannedStep step)
    {
        try { return ShellWords.Split(step.Definition.Command ?? "") is { Count: > 0 } words ? words[0] : null; }
        catch (FormatException) { return null; }
    }

    private static bool IsDockerManifest(PlannedStep step)
    {
        try { return ShellWords.Split(step.Definition.Command ?? "") is { Count: >= 2 } words && words[0] == "docker" && words[1] == "manifest"; }
        catch (FormatException) { return false; }
    }

    /// <summary>Each step's dependencies, direct or not.</summary>
    private static Dictionary<string, HashSet<string>> Ancestors(ExecutionPlan plan)
    {
        var all = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Plans are in file order and a step depends only on earlier ones, so each step's ancestors are known when it is reached.
        foreach (var step in plan.Steps)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in step.DependsOn)
            {
                set.Add(dependency);
                if (all.TryGetValue(dependency, out var further)) set.UnionWith(further);
            }
            all[step.Id] = set;
        }
        return all;
    }

    /// <summary>An image name as the engine keys it: registry defaulted, <c>:latest</c> added.</summary>
    private static string Normalise(string image)
    {
        var name = ImageReference.WithDefaultTag(image.Trim());
        if (name.StartsWith("docker.io/", StringComparison.Ordinal)) name = name["docker.io/".Length..];
        if (name.StartsWith("library/", StringComparison.Ordinal)) name = name["library/".Length..];
        return name;
    }
}
