using System.Text.RegularExpressions;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;

namespace TaskRunner.Tasks.Validation;

/// <summary>
/// Every rule acb enforces when it loads a task (it stops at the first; this reports them all), plus the rules where
/// TaskRunner is deliberately stricter (a step named twice in <c>when</c>, which makes acb wait forever).
/// </summary>
public static partial class TaskValidator
{
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex VolumeName();

    public static void Validate(TaskDefinition task, DiagnosticBag diagnostics)
    {
        if (task.Steps.Count > 0) ValidateEnv(task.Env, "task", diagnostics);
        else
            // acb parses the task's env only when merging it into each step: without steps it accepts the file.
            foreach (var entry in task.Env.Where(e => !e.Value.Contains('=')))
                diagnostics.Warning(entry.Span, DiagnosticCodes.EnvWithoutEquals,
                    $"task environment variable '{entry.Value}' has no '='; ACR accepts it only because the task has no steps "
                    + "(it fails with \"cannot parse task environment variable\" once a step is added); write it as NAME=value");
        ValidateSecrets(task, diagnostics);
        var volumes = ValidateVolumes(task, diagnostics);
        if (task.Steps.Count == 0)
            diagnostics.Warning(new SourceSpan(task.File, 1, 1), DiagnosticCodes.NoSteps, "the task has no steps; it would do nothing");

        var seen = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in task.Steps)
        {
            var id = StepIds.Of(step);
            var idSpan = step.Id?.Span ?? step.Span;
            if (step.Id is { } explicitId)
            {
                if (explicitId.Value.Any(char.IsWhiteSpace))
                    diagnostics.Error(idSpan, DiagnosticCodes.InvalidStepId, $"step ID '{explicitId.Value}' cannot contain spaces");
                if (explicitId.Value == StepIds.Root)
                    diagnostics.Error(idSpan, DiagnosticCodes.ReservedStepId, $"step ID '{StepIds.Root}' is reserved for the root of the step graph; choose another");
            }
            if (seen.TryGetValue(id, out var first))
                diagnostics.Error(idSpan, DiagnosticCodes.DuplicateStepId,
                    $"step ID '{id}' is already used by the step at line {first.Span.Line}; step IDs must be unique");
            ValidateWhen(step, id, seen, task, diagnostics);
            seen.TryAdd(id, step);

            if (step.Retries is { Value: < 0 } retries)
                diagnostics.Error(retries.Span, DiagnosticCodes.NegativeValue, "step must specify retries >= 0");
            if (step.Repeat is { Value: < 0 } repeat)
                diagnostics.Error(repeat.Span, DiagnosticCodes.NegativeValue, "step must specify repeat >= 0");
            if (step.Cache is { } cache && !cache.Value.Equals("enabled", StringComparison.OrdinalIgnoreCase)
                && !cache.Value.Equals("disabled", StringComparison.OrdinalIgnoreCase))
                diagnostics.Error(cache.Span, DiagnosticCodes.InvalidCacheValue,
                    $"invalid value '{cache.Value}' for cache; valid values are 'enabled' and 'disabled'");
            if (step.Cache is not null && step.Kind != StepKind.Build)
                diagnostics.Warning(step.Cache.Value.Span, DiagnosticCodes.CacheOnNonBuild, "'cache' only applies to build steps; it is ignored here");
            if (step.Kind != StepKind.Push && string.IsNullOrEmpty(step.Command))
                diagnostics.Error(step.CommandSpan, DiagnosticCodes.EmptyCommand, $"the {step.Kind.ToString().ToLowerInvariant()} of step '{id}' is empty");
            else if (step.Kind != StepKind.Push && string.IsNullOrWhiteSpace(step.Command))
                // acb accepts it (only "" is a missing property) and the step fails when it runs.
                diagnostics.Warning(step.CommandSpan, DiagnosticCodes.BlankCommand,
                    $"the {step.Kind.ToString().ToLowerInvariant()} of step '{id}' is only white space: ACR accepts the task, and the step fails when it runs "
                    + (step.Kind == StepKind.Build ? "(docker build gets no context)" : "(docker run gets no image)"));
            // acb checks a step's entries only while merging the task's env into them: with no task env, an entry
            // without '=' goes to the container as `--env NAME`, which sets nothing the task controls.
            if (task.Env.Count > 0) ValidateEnv(step.Env, $"step '{id}'", diagnostics);
            else
                foreach (var entry in step.Env.Where(e => !e.Value.Contains('=')))
                    diagnostics.Warning(entry.Span, DiagnosticCodes.EnvNameOnly,
                        $"step '{id}' environment variable '{entry.Value}' has no value; it is not set in the container (write it as NAME=value)");
            ValidateMounts(step, id, volumes, diagnostics);
        }
    }

    private static void ValidateWhen(StepDefinition step, string id, IReadOnlyDictionary<string, StepDefinition> earlier, TaskDefinition task, DiagnosticBag diagnostics)
    {
        if (step.When is not { Count: > 0 } when) return;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dependency in when)
        {
            if (dependency.Value == StepIds.Immediate)
            {
                if (when.Count > 1)
                    diagnostics.Error(dependency.Span, DiagnosticCodes.WhenMixesImmediateAndIds,
                        "'-' (start immediately) cannot be combined with step IDs in 'when'");
                continue;
            }
            if (!named.Add(dependency.Value))
            {
                diagnostics.Error(dependency.Span, DiagnosticCodes.WhenDuplicate,
                    $"'when' names step '{dependency.Value}' twice; ACR would wait forever on such a step. Name it once");
                continue;
            }
            // acb's graph starts at a root node of this name: depending on it is starting at once.
            if (dependency.Value == StepIds.Root) continue;
            if (dependency.Value == id)
            {
                diagnostics.Error(dependency.Span, DiagnosticCodes.WhenSelf, $"step '{id}' cannot depend on itself");
                continue;
            }
            if (earlier.ContainsKey(dependency.Value)) continue;
            var later = task.Steps.FirstOrDefault(s => s.Index > step.Index && StepIds.Of(s) == dependency.Value);
            if (later is not null)
                diagnostics.Error(dependency.Span, DiagnosticCodes.WhenLaterStep,
                    $"step '{id}' depends on '{dependency.Value}', which comes later in the file; 'when' can only name earlier steps");
            else if (dependency.Value.Length == 0)
                // A null item (~, null, a '-' with nothing after it) reads as empty text, as in acb.
                diagnostics.Error(dependency.Span, DiagnosticCodes.WhenUnknownStep,
                    "'when' has an empty entry (a null such as ~ is read as empty text); name an earlier step's ID or write '-' "
                    + "(ACR fails with \"from cannot be empty\")");
            else
                diagnostics.Error(dependency.Span, DiagnosticCodes.WhenUnknownStep,
                    $"'when' names '{dependency.Value}', but no step has that ID" + Suggest(dependency.Value, earlier.Keys));
        }
    }

    private static string Suggest(string name, IEnumerable<string> ids)
    {
        var best = Loading.Yaml.KnownKeys.Suggest(name, ids.ToList());
        return best is null ? "" : $". Did you mean '{best}'?";
    }

    private static void ValidateEnv(IReadOnlyList<Located<string>> env, string owner, DiagnosticBag diagnostics)
    {
        foreach (var entry in env)
            if (!entry.Value.Contains('='))
                diagnostics.Error(entry.Span, DiagnosticCodes.EnvWithoutEquals,
                    $"cannot parse {owner} environment variable '{entry.Value}'; write it as NAME=value");
    }

    private static void ValidateSecrets(TaskDefinition task, DiagnosticBag diagnostics)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in task.Secrets)
            if (!ids.Add(secret.Id))
                diagnostics.Error(secret.Span, DiagnosticCodes.DuplicateSecret, $"duplicate secret found with ID: {secret.Id}");
    }

    private static HashSet<string> ValidateVolumes(TaskDefinition task, DiagnosticBag diagnostics)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in task.Volumes)
        {
            if (!VolumeName().IsMatch(volume.Name))
                diagnostics.Error(volume.Span, DiagnosticCodes.InvalidVolumeName,
                    $"volume name '{volume.Name}' may only contain letters, digits, '-' and '_'");
            if (!names.Add(volume.Name))
                diagnostics.Error(volume.Span, DiagnosticCodes.DuplicateVolume, $"volume '{volume.Name}' is defined twice");
        }
        return names;
    }

    private static void ValidateMounts(StepDefinition step, string id, HashSet<string> volumes, DiagnosticBag diagnostics)
    {
        if (step.VolumeMounts.Count == 0) return;
        // acb mounts them into the container of a cmd step, or of the docker CLI that runs a build step.
        if (step.Kind == StepKind.Push)
        {
            var span = step.Keys.TryGetValue("volumeMounts", out var s) ? s : step.Span;
            diagnostics.Error(span, DiagnosticCodes.VolumeMountOnPush,
                $"volumeMounts can only be used on cmd or build steps; step '{id}' is a push step");
        }
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mount in step.VolumeMounts)
        {
            if (!volumes.Contains(mount.Name))
                diagnostics.Error(mount.Span, DiagnosticCodes.UnknownVolume,
                    $"mount '{mount.Name}' does not correspond to a volume; define it under the task's 'volumes'");
            if (!paths.Add(mount.MountPath))
                diagnostics.Error(mount.Span, DiagnosticCodes.DuplicateMountPath, $"mount path '{mount.MountPath}' is used twice in step '{id}'");
        }
    }
}
