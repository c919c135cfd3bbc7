using System.Text.RegularExpressions;

namespace TaskRunner.Execution.Run;

/// <summary>
/// One <c>--platform-engine PLATFORM=ENGINE</c>: build steps whose <c>--platform</c> is <see cref="Platform"/> run on
/// <see cref="Engine"/>, a docker context name or an engine address as DOCKER_HOST takes it (<c>tcp://</c>,
/// <c>ssh://</c>, <c>unix://</c>).
/// </summary>
public sealed partial record PlatformEngineOption(EnginePlatform Platform, string Engine)
{
    /// <summary>Whether <see cref="Engine"/> is an address (it has a scheme) rather than a context name.</summary>
    public bool IsAddress => Engine.Contains("://", StringComparison.Ordinal);

    /// <summary>The option as the user wrote it, normalised: <c>linux/arm64=NAME</c>.</summary>
    public override string ToString() => $"{Platform}={Engine}";

    /// <summary>Parses every value; throws <see cref="FormatException"/> with a message fit for the user.</summary>
    public static IReadOnlyList<PlatformEngineOption> ParseAll(IEnumerable<string> values)
    {
        var parsed = new List<PlatformEngineOption>();
        foreach (var value in values)
        {
            var option = Parse(value);
            if (parsed.FirstOrDefault(p => p.Platform == option.Platform) is { } earlier)
                throw new FormatException($"--platform-engine gives {option.Platform} twice ({earlier.Engine} and {option.Engine}); one engine per platform");
            parsed.Add(option);
        }
        return parsed;
    }

    public static PlatformEngineOption Parse(string value)
    {
        var eq = value.IndexOf('=');
        if (eq < 0) throw new FormatException($"--platform-engine needs PLATFORM=ENGINE (such as linux/arm64=my-arm-box), not '{value}'");
        var platformText = value[..eq];
        var engine = value[(eq + 1)..].Trim();
        if (!EnginePlatform.TryParse(platformText, out var platform, out var error)) throw new FormatException($"--platform-engine {value}: {error}");
        if (engine.Length == 0) throw new FormatException($"--platform-engine {value}: no engine after '=': give a docker context name or an address such as tcp://host:2376 or ssh://user@host");
        if (!engine.Contains("://", StringComparison.Ordinal) && !ContextName().IsMatch(engine))
            throw new FormatException($"--platform-engine {value}: '{engine}' is neither a docker context name nor an engine address (tcp://, ssh://, unix://)");
        return new PlatformEngineOption(platform!, engine);
    }

    // The docker CLI's rule for context names.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$")]
    private static partial Regex ContextName();
}
