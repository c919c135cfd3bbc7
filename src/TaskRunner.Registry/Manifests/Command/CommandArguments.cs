namespace TaskRunner.Registry.Manifests;

/// <summary>Flags and positional arguments of one <c>docker manifest</c> subcommand, parsed as cobra parses them.</summary>
internal sealed class CommandArguments
{
    public List<string> Positional { get; } = [];
    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Values { get; } = new(StringComparer.Ordinal);

    public bool Has(string name) => Switches.Contains(name);
    public string? Value(string name) => Values.TryGetValue(name, out var v) ? v[^1] : null;
    public IReadOnlyList<string> All(string name) => Values.TryGetValue(name, out var v) ? v : [];

    /// <param name="switches">Boolean flags, long name to short letter (or null).</param>
    /// <param name="valued">Flags that take a value.</param>
    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, char?> switches, IReadOnlyCollection<string> valued)
    {
        var result = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") { result.Positional.AddRange(args.Skip(i + 1)); break; }
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var eq = arg.IndexOf('=');
                var name = eq < 0 ? arg[2..] : arg[2..eq];
                if (switches.ContainsKey(name))
                {
                    if (eq < 0 || arg[(eq + 1)..] is "true" or "1") result.Switches.Add(name);
                    continue;
                }
                if (valued.Contains(name))
                {
                    var value = eq >= 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new ManifestUsageException($"flag needs an argument: --{name}");
                    if (!result.Values.TryGetValue(name, out var list)) result.Values[name] = list = [];
                    list.Add(value);
                    continue;
                }
                throw new ManifestUsageException($"unknown flag: --{name}");
            }
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                foreach (var letter in arg[1..])
                {
                    var match = switches.FirstOrDefault(kv => kv.Value == letter);
                    if (match.Key is null) throw new ManifestUsageException($"unknown shorthand flag: '{letter}' in {arg}");
                    result.Switches.Add(match.Key);
                }
                continue;
            }
            result.Positional.Add(arg);
        }
        return result;
    }
}

/// <summary>A wrong call of a manifest subcommand (docker prints it with a pointer to --help and exits 1).</summary>
internal sealed class ManifestUsageException(string message) : Exception(message);
