using System.CommandLine;
using TaskRunner.Execution.Adapters.Docker.Endpoints;
using TaskRunner.Execution.Run;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>--platform-engine PLATFORM=ENGINE</c> (repeatable), shared by run, validate and graph: parsed, and each engine
/// resolved as the docker CLI resolves it (a context name from the docker config's context store, or an address as
/// DOCKER_HOST takes it, with this environment's DOCKER_TLS_VERIFY and DOCKER_CERT_PATH). Any mistake is a usage error.
/// </summary>
public sealed class PlatformEngineFlag
{
    public Option<string[]> Option { get; } = new("--platform-engine")
    {
        Description = "Run build steps whose --platform is PLATFORM on ENGINE, a docker context name or an address such as tcp://host:2376 or ssh://user@host: PLATFORM=ENGINE (repeatable); everything else runs on the default engine",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The options given, parsed; throws <see cref="UsageException"/> for a malformed one.</summary>
    public IReadOnlyList<PlatformEngineOption> Parse(ParseResult parse)
    {
        try { return PlatformEngineOption.ParseAll(parse.GetValue(Option) ?? []); }
        catch (FormatException e) { throw new UsageException(e.Message); }
    }

    /// <summary>Each distinct engine's endpoint; throws <see cref="UsageException"/> for an unknown context or a bad address.</summary>
    public static IReadOnlyDictionary<string, EngineEndpoint> Resolve(IReadOnlyList<PlatformEngineOption> options)
    {
        var endpoints = new Dictionary<string, EngineEndpoint>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (endpoints.ContainsKey(option.Engine)) continue;
            try
            {
                endpoints[option.Engine] = option.IsAddress
                    // The address stands in for DOCKER_HOST: the default context, with this environment's TLS settings.
                    ? new EngineEndpointResolver(name => name switch { "DOCKER_HOST" => option.Engine, "DOCKER_CONTEXT" => null, _ => Environment.GetEnvironmentVariable(name) }).Resolve(null)
                    : EngineEndpointResolver.FromProcess().Resolve(option.Engine);
            }
            catch (EngineEndpointException e)
            {
                throw new UsageException($"--platform-engine {option}: {e.Message}");
            }
        }
        return endpoints;
    }
}
