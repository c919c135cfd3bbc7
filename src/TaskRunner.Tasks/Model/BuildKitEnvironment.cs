namespace TaskRunner.Tasks.Model;

/// <summary>
/// Whether a build step asks for BuildKit through <c>DOCKER_BUILDKIT</c>. acb passes the step's environment to the
/// docker CLI that runs the build, which reads the value as Go's <c>strconv.ParseBool</c> does: <c>1</c>, <c>t</c>,
/// <c>T</c>, <c>true</c>, <c>TRUE</c>, <c>True</c> ask for BuildKit, <c>0</c>, <c>f</c>, <c>F</c>, <c>false</c>,
/// <c>FALSE</c>, <c>False</c> for the classic builder, an empty value is as if unset, and anything else fails the build
/// (<c>DOCKER_BUILDKIT environment variable expects boolean value</c>). Checked with the docker CLI 28.
/// </summary>
public static class BuildKitEnvironment
{
    public const string Name = "DOCKER_BUILDKIT";

    /// <summary>
    /// The value of DOCKER_BUILDKIT in a step's (merged) environment: the step's entry where it has one, else the task's.
    /// </summary>
    public static string? ValueIn(IEnumerable<string> stepEnv, IEnumerable<string>? taskEnv = null)
    {
        static string? Find(IEnumerable<string> env) =>
            env.Select(e => e.Split('=', 2)).Where(p => p.Length == 2 && p[0] == Name).Select(p => p[1]).FirstOrDefault();
        return Find(stepEnv) ?? (taskEnv is null ? null : Find(taskEnv));
    }

    /// <summary>True for BuildKit, false for the classic builder (also when unset or empty), null for a value the docker CLI refuses.</summary>
    public static bool? Asks(string? value) => value switch
    {
        null or "" => false,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    /// <summary>Whether the step builds with BuildKit; a value the docker CLI refuses counts as not (the build fails on it).</summary>
    public static bool IsOn(IEnumerable<string> stepEnv, IEnumerable<string>? taskEnv = null) => Asks(ValueIn(stepEnv, taskEnv)) == true;

    /// <summary>The message a value the docker CLI refuses fails the build with.</summary>
    public static string Refused(string value) =>
        $"{Name}={value}: the docker CLI that runs the build expects a boolean value (1, t, true, TRUE, True, 0, f, false, FALSE, False) and refuses this one";
}
