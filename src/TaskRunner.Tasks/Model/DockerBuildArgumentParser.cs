
namespace TaskRunner.Tasks.Model;

/// <summary>
/// Parses a build step's text as <c>docker build</c> arguments: <c>-f/--file</c>, <c>-t/--tag</c>, <c>--build-arg</c>
/// (with or without a value), <c>--target</c>, <c>--platform</c>, <c>--label</c>, <c>--no-cache</c>, <c>--pull</c>,
/// <c>--network</c>, <c>--isolation</c>, <c>-q</c>, <c>--cache-from</c>, <c>--add-host</c>, <c>--shm-size</c>, and
/// <c>--flag=value</c> forms; exactly one positional context.
/// Unknown flags are an error (a silently ignored flag would build something else than the user asked for), except
/// for a BuildKit build (<paramref name="buildKit"/>), whose words go to <c>docker buildx build</c> as they are: there
/// buildx's other flags (<c>--secret</c>, <c>--ssh</c>, <c>--cache-to</c>...) are read past and buildx checks them.
/// </summary>
public static class DockerBuildArgumentParser
{
    /// <summary>The flags of <c>docker buildx build</c> that take a value, beyond those read here.</summary>
    private static readonly HashSet<string> BuildxValueFlags = new(StringComparer.Ordinal)
    {
        "--allow", "--annotation", "--attest", "--build-context", "--builder", "--cache-to", "--call", "--cgroup-parent",
        "--iidfile", "--metadata-file", "--no-cache-filter", "-o", "--output", "--progress", "--provenance", "--sbom",
        "--secret", "--ssh", "--ulimit",
    };

    public static DockerBuildArguments Parse(string text, bool buildKit = false)
    {
        var words = ShellWords.Split(text);
        // acb accepts the step text with or without a leading "docker build".
        var start = words.Count >= 2 && words[0] == "docker" && words[1] == "build" ? 2 : words.Count >= 1 && words[0] == "build" ? 1 : 0;
        string? context = null, file = null, target = null, platform = null, network = null, isolation = null;
        bool noCache = false, pull = false, quiet = false;
        var tags = new List<string>();
        var buildArgs = new List<KeyValuePair<string, string?>>();
        var labels = new List<KeyValuePair<string, string>>();
        var cacheFrom = new List<string>();
        var extraHosts = new List<string>();
        long? shmSize = null;
        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length > 1 && word[0] == '-')
            {
                string name = word, inline = null!;
                var hasInline = false;
                var eq = word.IndexOf('=');
                if (word.StartsWith("--", StringComparison.Ordinal) && eq > 0) { name = word[..eq]; inline = word[(eq + 1)..]; hasInline = true; }
                else if (!word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2 && word[1] is 'f' or 't')
                {
                    name = word[..2]; inline = word[2..].TrimStart('='); hasInline = true;
                }
                string Value()
                {
                    if (hasInline) return inline;
                    if (i + 1 >= words.Count) throw new FormatException($"build: flag {name} needs a value");
                    return words[++i];
                }
                bool Flag()
                {
                    if (!hasInline) return true;
                    return bool.TryParse(inline, out var b) ? b : throw new FormatException($"build: flag {name} takes true or false, not '{inline}'");
                }
                switch (name)
                {
                    case "-f" or "--file": file = Value(); break;
                    case "-t" or "--tag": tags.Add(Value()); break;
                    case "--build-arg":
                        var arg = Value();
                        var ae = arg.IndexOf('=');
                        if (ae == 0 || arg.Length == 0) throw new FormatException($"build: --build-arg '{arg}' has no name");
                        buildArgs.Add(ae < 0 ? new(arg, null) : new(arg[..ae], arg[(ae + 1)..]));
                        break;
                    case "--label":
                        var label = Value();
                        var le = label.IndexOf('=');
                        labels.Add(le < 0 ? new(label, "") : new(label[..le], label[(le + 1)..]));
                        break;
                    case "--target": target = Value(); break;
                    case "--platform": platform = Value(); break;
                    case "--network": network = Value(); break;
                    case "--isolation": isolation = Value(); break;
                    case "--no-cache": noCache = Flag(); break;
                    case "--pull": pull = Flag(); break;
                    case "-q" or "--quiet": quiet = Flag(); break;
                    case "--rm" or "--force-rm": Flag(); break;
                    case "--cache-from": cacheFrom.Add(Value()); break;
                    case "--add-host":
                        var host = Value();
                        if (host.IndexOf(':') <= 0) throw new FormatException($"build: --add-host '{host}' is not host:ip");
                        extraHosts.Add(host);
                        break;
                    case "--shm-size": shmSize = Bytes(name, Value()); break;
                    default:
                        if (!buildKit) throw new FormatException($"build: unsupported flag {name}");
                        if (BuildxValueFlags.Contains(name)) Value();
                        break;
                }
            }
            else
            {
                if (context is not null) throw new FormatException($"build: more than one context given ('{context}' and '{word}')");
                context = word;
            }
        }
        if (context is null) throw new FormatException("build: no build context given (for example '.')");
        if (context == "-") throw new FormatException("build: a context read from standard input ('-') is not supported in a task");
        return new DockerBuildArguments
        {
            Context = context, File = file, Tags = tags, BuildArgs = buildArgs, Labels = labels, Target = target,
            Platform = platform, NoCache = noCache, Pull = pull, Network = network, Isolation = isolation, Quiet = quiet,
            CacheFrom = cacheFrom, ExtraHosts = extraHosts, ShmSize = shmSize,
        };
    }

    /// <summary>A size as docker reads it (RAMInBytes): a number, then an optional unit k, m, g, t or p (powers of 1024), "i" and "b".</summary>
    private static long Bytes(string flag, string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"build: {flag} '{text}' is not a size (for example 64m)");
        var power = match.Groups[2].Success ? "kmgtp".IndexOf(char.ToLowerInvariant(match.Groups[2].Value[0])) + 1 : 0;
        return (long)(number * (decimal)Math.Pow(1024, power));
    }
}
