namespace TaskRunner.Fidelity.Tests.Harness;

/// <summary>
/// A corpus case: <c>NAME.yaml</c> (or .yml) under tests/fidelity/cases, with an optional values file
/// <c>NAME.values.yaml</c> and an optional sidecar <c>NAME.case</c> of <c>key: value</c> lines (see tests/fidelity/README.md):
/// <c>set: k=v</c> (repeatable), <c>values: FILE</c>, <c>registry: R</c>, <c>id: I</c>, <c>timeout: SECONDS</c> (acb's),
/// <c>acb-bug: NAME</c> with <c>expect: accept|reject [CODE]</c> (a known acb failure: TaskRunner's answer is asserted instead
/// of agreement), <c>origin:</c> / <c>note:</c> (documentation only). Files under a directory named <c>aux</c>, and files named <c>values.yaml</c>, are not cases.
/// </summary>
public sealed record FidelityCase
{
    public required string Name { get; init; }
    public required FidelityInput Input { get; init; }
    public int TimeoutSeconds { get; init; } = 10;
    public string? AcbBug { get; init; }
    /// <summary>
    /// Sidecar <c>real-run-fails: WHAT</c>: acb's dry run accepts the file but a real acb run fails on it (WHAT says how,
    /// as observed); TaskRunner rejects it as the sidecar's <c>expect: reject [CODE]</c> states.
    /// </summary>
    public string? RealRunFails { get; init; }
    /// <summary>
    /// Sidecar <c>open-disagreement: WHAT</c>: a disagreement with acb that is known and not fixed yet. While it lasts the
    /// case is reported as ignored with WHAT; once TaskRunner agrees, the case fails until the line is removed.
    /// </summary>
    public string? OpenDisagreement { get; init; }
    public bool? ExpectAccept { get; init; }
    public string? ExpectCode { get; init; }

    public override string ToString() => Name;

    public static IEnumerable<FidelityCase> All()
    {
        var root = Repo.Cases;
        if (!Directory.Exists(root)) yield break;
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!(file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))) continue;
            if (file.EndsWith(".values.yaml", StringComparison.Ordinal) || file.EndsWith(".values.yml", StringComparison.Ordinal)
                || Path.GetFileName(file) == "values.yaml") continue;
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Contains("aux")) continue;
            yield return Load(file, relative);
        }
    }

    public static FidelityCase Load(string file, string name)
    {
        var stem = file[..file.LastIndexOf('.')];
        var sidecar = stem + ".case";
        var values = new[] { stem + ".values.yaml", stem + ".values.yml" }.FirstOrDefault(File.Exists);
        var set = new List<string>();
        string registry = "reg.azurecr.io", id = "run1";
        var timeout = 10;
        string? bug = null, code = null, realRunFails = null, open = null;
        bool? accept = null;
        if (File.Exists(sidecar))
        {
            foreach (var raw in File.ReadAllLines(sidecar))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var colon = line.IndexOf(':');
                if (colon < 0) throw new InvalidDataException($"{sidecar}: '{line}' is not key: value");
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].TrimStart();
                switch (key)
                {
                    case "set": set.Add(value); break;
                    case "values": values = Path.Combine(Path.GetDirectoryName(file)!, value); break;
                    case "registry": registry = value; break;
                    case "id": id = value; break;
                    case "timeout": timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "acb-bug":
                        if (!AcbBugs.All.Contains(value)) throw new InvalidDataException($"{sidecar}: unknown acb bug '{value}' (known: {string.Join(", ", AcbBugs.All)})");
                        bug = value;
                        break;
                    case "expect":
                        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        accept = words[0] switch { "accept" => true, "reject" => false, _ => throw new InvalidDataException($"{sidecar}: expect accept or reject") };
                        code = words.Length > 1 ? words[1] : null;
                        break;
                    case "real-run-fails": realRunFails = value; break;
                    case "open-disagreement": open = value; break;
                    case "origin" or "note" or "licence" or "license": break;
                    default: throw new InvalidDataException($"{sidecar}: unknown key '{key}'");
                }
            }
        }
        if (bug is not null && accept is null) throw new InvalidDataException($"{sidecar}: acb-bug needs expect: accept|reject");
        if (realRunFails is not null && accept is not false) throw new InvalidDataException($"{sidecar}: real-run-fails needs expect: reject [CODE]");
        return new FidelityCase
        {
            Name = name,
            Input = new FidelityInput { TaskFile = file, ValuesFile = values, Set = set, Registry = registry, Id = id },
            TimeoutSeconds = timeout,
            AcbBug = bug,
            RealRunFails = realRunFails,
            OpenDisagreement = open,
            ExpectAccept = accept,
            ExpectCode = code,
        };
    }
}
