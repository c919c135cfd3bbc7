using System.Text;

namespace TaskRunner.Fidelity.Tests.Generator;

/// <summary>A generated task: its text, an optional values file, --set flags, and the features it used (for triage).</summary>
public sealed record GeneratedCase(string TaskText, string? ValuesText, IReadOnlyList<string> Set, IReadOnlyCollection<string> Features);

/// <summary>
/// Composes random task files from a seed: versions, alias blocks, `$` text of every kind, Go templates with Sprig
/// calls and range/with scopes, values files and --set, task and step properties with valid and invalid values, and
/// YAML in its various shapes. Deterministic: the same seed gives the same case. Nothing time- or randomness-dependent
/// is emitted (no $Date, now, uuid, rand*), since acb and TaskRunner render at different instants.
/// </summary>
public sealed class TaskGenerator
{
    private readonly Random random;
    private readonly HashSet<string> features = [];
    private bool aliases;
    private char directive = '$';
    private readonly List<string> aliasNames = [];
    private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);
    private readonly List<string> volumes = [];
    private readonly List<string> stepIds = [];
    private readonly List<string> mapAnchors = [];
    private readonly List<string> otherAnchors = [];
    private int anchorCount;

    public TaskGenerator(int seed) => random = new Random(seed);

    public static int CaseSeed(int seed, int index) => unchecked(seed * 1_000_003 + index * 7919 + 17);

    private bool Chance(double p) => random.NextDouble() < p;
    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];
    private void Feature(string name) => features.Add(name);
    private string Feature(string name, string text) { features.Add(name); return text; }

    public GeneratedCase Generate()
    {
        var b = new StringBuilder();
        GenerateValues();
        var set = GenerateSet();

        var version = Pick("", "v1.0.0", "v1.1.0", "v1.1.0", "v1.1.0", "1.0-preview-1");
        if (Chance(0.03)) { version = Pick("V1.1.0", "v1.1.0 ", "v1.2.0", "v1.0.1"); Feature("version-odd"); }
        aliases = version.Trim() is "v1.1.0" or "V1.1.0" or "v1.2.0";
        if (Chance(0.1)) b.AppendLine("# generated task");
        if (version.Length > 0) b.AppendLine(Pick($"version: {version}", $"version: {version}", $"\"version\": {version}", $"version: '{version}'"));
        if (aliases && Chance(0.5)) AliasBlock(b);
        if (Chance(0.05)) IgnoredKeys(b);
        TaskProperties(b);
        Steps(b);
        if (Chance(0.05)) { b.AppendLine("# trailing comment"); Feature("comment-trailing"); }
        return new GeneratedCase(b.ToString(), ValuesText(), set, features.Order(StringComparer.Ordinal).ToList());
    }

    // ---- values and --set -------------------------------------------------------------------------------------

    private void GenerateValues()
    {
        if (!Chance(0.6)) return;
        values["name"] = Pick<object>("hello", "World", "a-b_c", "yes", "010", "1.0", "\"quoted\"", "x y");
        if (Chance(0.7)) values["tag"] = Pick<object>("v1", "1.2.3", "latest", 42);
        if (Chance(0.5)) values["flag"] = Pick<object>(true, false, "yes", "no", "on", "\"true\"");
        if (Chance(0.5)) values["count"] = Pick<object>(3, 0, "0x10", "1e3", "30.5", -1);
        if (Chance(0.4)) values["list"] = new List<string> { "a", "b", Pick("c", "1", "true") };
        if (Chance(0.3)) values["image"] = Pick("busybox", "bash", "mcr.microsoft.com/acr/bash:1", "{{.Run.ID}}");
        if (Chance(0.04)) { values["nested"] = new Dictionary<string, string> { ["inner"] = "v" }; Feature("values-nested-map"); }
        if (Chance(0.05)) { values["odd"] = Pick<object>("!!binary aGk=", "2001-12-14", ".inf", "null", "&a x", "'multi\n  line'"); Feature("values-odd-scalar"); }
    }

    private string? ValuesText()
    {
        if (values.Count == 0) return null;
        var b = new StringBuilder();
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case List<string> list when Chance(0.05):
                    Feature("values-flow-comment");
                    b.AppendLine($"{key}: [{string.Join(",#c\n  ", list)}]");
                    break;
                case List<string> list when Chance(0.5):
                    b.AppendLine($"{key}: [{string.Join(", ", list)}]");
                    break;
                case List<string> list:
                    b.AppendLine($"{key}:");
                    foreach (var item in list) b.AppendLine($"  - {item}");
                    break;
                case Dictionary<string, string> map:
                    b.AppendLine($"{key}:");
                    foreach (var (k, v) in map) b.AppendLine($"  {k}: {v}");
                    break;
                case bool flag:
                    b.AppendLine($"{key}: {(flag ? "true" : "false")}");
                    break;
                default:
                    var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                    if (text.Contains("{{")) text = "'" + text + "'";
                    b.AppendLine($"{key}: {text}");
                    break;
            }
        }
        if (Chance(0.1)) { b.Insert(0, "# values\n"); Feature("values-comment"); }
        return b.ToString();
    }

    private List<string> GenerateSet()
    {
        var set = new List<string>();
        if (!Chance(0.4)) return set;
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(7))
            {
                case 0: set.Add("name=" + Pick("setname", "with space", "a=b", "", "true")); Feature("set-override"); break;
                case 1: set.Add("tag=" + Pick("2.0", "v2", "010")); Feature("set-override"); break;
                case 2: set.Add("extra=" + Pick("x", "y,z", "{{.Run.ID}}")); Feature("set-new"); break;
                case 3: set.Add("a.b=" + Pick("dotted", "1")); Feature("set-dotted"); break;
                case 4: set.Add("list=" + Pick("replaced", "[1,2]")); Feature("set-replaces-list"); break;
                case 5: set.Add("nested=" + Pick("flat", "x")); Feature("set-replaces-map"); break;
                default: set.Add("flag=" + Pick("false", "true", "0")); Feature("set-flag"); break;
            }
        }
        return set;
    }

    // ---- aliases ----------------------------------------------------------------------------------------------

    private void AliasBlock(StringBuilder b)
    {
        Feature("alias-block");
        b.AppendLine("alias:");
        if (Chance(0.25))
        {
            directive = Pick('#', '&', '@', '!', '%', '+');
            if (Chance(0.1)) { b.AppendLine("  directive: \"\""); Feature("alias-directive-empty"); directive = '$'; }
            else b.AppendLine($"  directive: \"{directive}\"");
            Feature("alias-directive-" + directive);
        }
        var flowValues = Chance(0.08);
        if (flowValues) { Feature("alias-values-flow-comment"); b.Append("  values: {"); }
        else b.AppendLine("  values:");
        var count = random.Next(1, 4);
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var name = Pick("img", "greet", "reg", "ID", "bb", "x1", "cmdline");
            if (aliasNames.Contains(name)) continue;
            aliasNames.Add(name);
            var value = name switch
            {
                "img" => Pick("busybox", "mcr.microsoft.com/acr/bash:2ff604c", "'{{.Values.image}}'"),
                "greet" => Pick("echo hello", "'echo {{.Run.ID}}'", "\"echo $ID\""),
                "reg" => Pick("'{{.Run.Registry}}'", "myreg.azurecr.io"),
                "ID" => Pick("overridden", "'{{.Run.Commit}}'"),
                "bb" => "busybox",
                "x1" => Pick("true", "1.0", "010", "[1, 2]", "~", "{k: v}"),
                _ => Pick("busybox echo hi", "'bash -c \"echo hi\"'"),
            };
            if (name == "ID") Feature("alias-overrides-builtin");
            if (value is "[1, 2]" or "~" or "{k: v}") Feature("alias-value-not-string");
            if (flowValues) b.Append((written++ > 0 ? Pick(",#c\n    ", ", ", ",\n ") : "") + $"{name}: {value}");
            else b.AppendLine($"    {name}: {value}");
        }
        if (flowValues) b.AppendLine("}");
        if (Chance(0.1)) ValuesAgain(b);
        if (Chance(0.03))
        {
            // directive written twice: the last copy wins (checked alone); a list copy fails.
            Feature("alias-directive-twice");
            var last = Pick('&', '%', '@');
            b.AppendLine("  directive: " + Pick("\"ab\"", "\"%\"", "[x]", "") );
            b.AppendLine($"  directive: \"{last}\"");
            directive = last;
        }
    }

    /// <summary>
    /// values written again in the alias block, once or twice (acb merges the maps, a later name winning; a null copy
    /// empties them; a scalar copy fails): overlapping names, new names, a null, an empty map, a scalar.
    /// </summary>
    private void ValuesAgain(StringBuilder b)
    {
        var copies = Chance(0.3) ? 2 : 1;
        Feature(copies == 2 ? "alias-values-three-copies" : "alias-values-twice");
        for (var c = 0; c < copies; c++)
        {
            switch (random.Next(6))
            {
                case 0: b.AppendLine("  values:"); Feature("alias-values-copy-null"); aliasNames.Clear(); break;
                case 1: b.AppendLine("  values: {}"); break;
                case 2: b.AppendLine("  values: x"); Feature("alias-values-copy-scalar"); break;
                case 3:
                    b.AppendLine("  values: {bb: echo, " + Pick("img: busybox", "more: 'echo more'", "a-b: x") + "}");
                    aliasNames.AddRange(new[] { "bb", "img", "more" }.Where(n => !aliasNames.Contains(n)));
                    break;
                default:
                    b.AppendLine("  values:");
                    var name = Pick("img", "greet", "bb", "more");
                    b.AppendLine($"    {name}: " + Pick("busybox", "echo", "[x]", "'{{.Run.ID}}'"));
                    if (!aliasNames.Contains(name)) aliasNames.Add(name);
                    break;
            }
        }
    }

    /// <summary>A piece of `$` text: aliases, built-ins, unknown names, `$$`, `$` before punctuation, shell forms.</summary>
    private string DollarText()
    {
        var d = aliases ? directive : '$';
        var kind = random.Next(15);
        switch (kind)
        {
            case 0: Feature("alias-builtin"); return d + Pick("ID", "Registry", "RegistryName", "Commit", "Branch", "TaskName", "OS", "Architecture", "SharedVolume", "GitTag", "TriggeredBy");
            case 1: if (aliasNames.Count > 0) { Feature("alias-user"); return d + Pick(aliasNames.ToArray()); } goto case 0;
            case 2: Feature("dollar-unknown"); return d + Pick("HOME", "i", "PATH", "foo", "IDx", "Id");
            case 3: Feature("dollar-double"); return "" + d + d + Pick("ID", "HOME", "", "x");
            case 4: Feature("dollar-punct"); return d + Pick(".", "-", "/", ":", "=", ",", ")");
            case 5: Feature("dollar-brace"); return d + "{" + Pick("x", "ID", "HOME") + "}";
            case 6: Feature("dollar-paren"); return d + "(" + Pick("date", "echo hi", "pwd") + ")";
            case 7: Feature("dollar-chain"); return d + "ID" + d + "ID";
            case 8: Feature("dollar-end"); return "x" + d;
            case 9: Feature("dollar-digit"); return d + Pick("1", "0", "9x");
            case 10: Feature("dollar-plain"); return "$" + Pick("ID", "HOME", "1");
            case 11: Feature("dollar-unknown-then-alias"); return d + Pick("HOME", "i", "x") + d + Pick("ID", "Registry", "HOME");
            case 12: Feature("dollar-in-quotes"); return Pick("\"", "'") + d + Pick("ID", "HOME", "i") + Pick(":", ".", "") + Pick("x", "") + Pick("\"", "'");
            default: return Pick("plain", "word", "a-b", "1");
        }
    }

    // ---- templates --------------------------------------------------------------------------------------------

    private string Template()
    {
        switch (random.Next(30))
        {
            case 0: Feature("tpl-run"); return "{{.Run." + Pick("ID", "Registry", "RegistryName", "Commit", "Branch", "TaskName", "OS", "Architecture", "SharedVolume", "GitTag", "TriggeredBy", "OSVersion", "Repository") + "}}";
            case 1: Feature("tpl-values"); return "{{.Values." + Pick("name", "tag", "flag", "count", "missing", "extra") + "}}";
            case 2: Feature("tpl-default"); return "{{ default \"dflt\" .Values." + Pick("missing", "name", "flag", "count") + " }}";
            case 3: Feature("tpl-pipe"); return "{{ " + Pick(".Values.name", ".Values.odd", "\"x y\"", "\"ABCd\"", "\"a-b_c D\"") + " | " + Pick("upper", "lower", "title", "trim", "quote", "squote", "trunc 3", "nospace", "snakecase", "camelcase", "kebabcase", "swapcase", "untitle", "initials", "toString", "toJson", "cat \"z\"", "indent 2", "replace \" \" \"-\"", "b64enc", "sha256sum | trunc 8", "len") + " }}";
            case 4: Feature("tpl-printf"); return "{{ printf \"%s-%v\" .Run.ID " + Pick(".Values.count", "1", "true", ".Values.list") + " }}";
            case 5: Feature("tpl-if"); return "{{ if .Values.flag }}on{{ else }}off{{ end }}";
            case 6: Feature("tpl-with"); return "{{ with .Values.name }}[{{ . }}]{{ end }}";
            case 7: Feature("tpl-range"); return "{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }};{{ end }}";
            case 8: Feature("tpl-range-dollar"); return "{{ range .Values.list }}{{ $.Run.ID }}{{ . }}{{ end }}";
            case 9: Feature("tpl-var"); return "{{ $x := " + Pick("\"v\"", ".Run.ID", "1") + " }}{{ $x }}";
            case 10: Feature("tpl-sprig-list"); return "{{ " + Pick("list 1 2 3 | join \",\"", "splitList \",\" \"a,b\" | first", "list \"b\" \"a\" | sortAlpha | join \"\"", "until 3 | len", "dict \"k\" \"v\" | keys | first") + " }}";
            case 11: Feature("tpl-sprig-string"); return "{{ " + Pick("repeat 2 \"ab\"", "substr 0 2 \"hello\"", "replace \"a\" \"b\" \"banana\"", "regexReplaceAll \"[0-9]+\" \"a1b22\" \"#\"", "contains \"ell\" \"hello\"", "hasPrefix \"he\" \"hello\"", "trimSuffix \"o\" \"hello\"", "wrap 3 \"abcdef\"", "abbrev 5 \"hello world\"", "initials \"hello world\"", "plural \"one\" \"many\" 2", "toString 1.5", "atoi \"12\"", "int64 \"7\"", "float64 \"1.5\"") + " }}";
            case 12: Feature("tpl-sprig-math"); return "{{ " + Pick("add 1 2", "sub 5 7", "mul 3 4", "div 7 2", "mod 7 3", "max 1 5 3", "min 4 2", "add1 9", "floor 1.7", "ceil 1.2", "round 2.5 0") + " }}";
            case 13: Feature("tpl-sprig-misc"); return "{{ " + Pick("ternary \"a\" \"b\" true", "empty \"\"", "coalesce \"\" \"c\"", "toJson (list 1 \"a\")", "b64dec \"aGk=\"", "semverCompare \">=1.0\" \"1.2.0\"", "env \"NOPE_NOT_SET\"", "typeOf 1", "kindOf \"a\"", "base \"/a/b.txt\"", "ext \"a.tar.gz\"", "clean \"/a/../b\"") + " }}";
            case 14: Feature("tpl-trim"); return "{{- \" trimmed \" -}}";
            case 15: Feature("tpl-json"); return Pick("{{.ValuesJSON}}", "{{.RunJSON | len}}", "{{ .ValuesJSON | len }}");
            case 16: Feature("tpl-index"); return "{{ index .Values \"" + Pick("a.b", "name", "missing") + "\" }}";
            case 17: Feature("tpl-comment"); return "{{/* note */}}";
            case 18: Feature("tpl-eq"); return "{{ if eq .Values.name \"hello\" }}same{{ end }}";
            case 19: Feature("tpl-and-or"); return "{{ if and .Values.flag (not .Values.missing) }}y{{ end }}{{ or .Values.missing \"o\" }}";
            case 20: Feature("tpl-nil-field"); return "{{ .Values.missing.deeper }}";
            case 21: Feature("tpl-unknown-func"); return "{{ nosuchfunction 1 }}";
            case 22: Feature("tpl-unclosed"); return "{{ .Run.ID ";
            case 23: Feature("tpl-range-dot-run"); return "{{ range .Values.list }}{{ .Run.ID }}{{ end }}";
            case 24: Feature("tpl-required"); return "{{ required \"need name\" .Values.name }}";
            case 25: Feature("tpl-fail"); return "{{ if .Values.missing }}{{ fail \"boom\" }}{{ end }}ok";
            case 26: Feature("tpl-print-types"); return "{{ .Values.count }}/{{ .Values.flag }}/{{ .Values.list }}";
            case 27: Feature("tpl-quote-in-string"); return "{{ \"a\\\"b\" }}";
            case 28: Feature("tpl-raw-string"); return "{{ `raw $ID` }}";
            default: Feature("tpl-secrets"); return "{{ .Secrets." + Pick("s1", "missing") + " }}";
        }
    }

    /// <summary>A word of a command line: plain, `$` text, or a template.</summary>
    private string Word() => random.Next(3) switch
    {
        0 => DollarText(),
        1 => Template(),
        _ => Pick("echo", "hello", "-c", "x=1", "a:b", "'single q'", "\"double q\"", "--flag", "/workspace", "foo#bar", "\\n", "a\\ b"),
    };

    // ---- task ------------------------------------------------------------------------------------------------

    private void TaskProperties(StringBuilder b)
    {
        if (Chance(0.15)) { b.AppendLine("stepTimeout: " + Pick("300", "0", "-5", "\"60\"", "1e3", "abc")); Feature("task-stepTimeout"); }
        if (Chance(0.1)) { b.AppendLine("workingDirectory: " + Pick("/src", "sub", "'{{.Values.name}}'", "$ID")); Feature("task-workingDirectory"); }
        if (Chance(0.15))
        {
            Feature("task-env");
            b.AppendLine("env:");
            b.AppendLine("  - " + Pick("A=1", "B=two,C=3", "NOEQUALS", "D=" + Word(), "\"E=x y\""));
            if (Chance(0.5)) b.AppendLine("  - " + Pick("F=", "G=$ID", "H={{.Run.ID}}"));
        }
        if (Chance(0.1))
        {
            Feature("task-secrets");
            b.AppendLine("secrets:");
            var secretLines = new List<string> { "id: " + Pick("s1", "s 1", "\"\""),
                // Never a resolvable secret: acb would call Key Vault / the metadata endpoint (no network beyond loopback here).
                Pick("keyvault: ''", "clientID: ''", "akv: x", "id2: y") };
            if (Chance(0.2))
            {
                Feature("merge-task-secret");
                secretLines.Insert(random.Next(secretLines.Count + 1), "<<: " + Pick("{id: s2}", "{keyvault: ''}", "{id: s3, clientID: ''}", MergeValue()));
            }
            for (var i = 0; i < secretLines.Count; i++) b.AppendLine((i == 0 ? "  - " : "    ") + secretLines[i]);
        }
        if (Chance(0.12))
        {
            Feature("task-volumes");
            b.AppendLine("volumes:");
            var name = Pick("vol1", "vol2", "bad name");
            volumes.Add(name);
            b.AppendLine($"  - name: {name}");
            b.AppendLine("    secret:");
            var secretLine = Pick("file.txt: aGVsbG8=", "file.txt: not-base64!", "'a b': aGk=", "x: {{ b64enc \"v\" }}");
            if (Chance(0.25))
            {
                // a merge in the volume's secret map (acb decodes it: a wrong merge value fails here)
                Feature("merge-volume-secret");
                var merge = "<<: " + Pick("{file.txt: aGk=}", "{other.txt: aGk=}", "[{file.txt: aGk=}, {b.txt: aGk=}]", MergeValue());
                if (Chance(0.5)) { b.AppendLine("      " + merge); b.AppendLine("      " + secretLine); }
                else { b.AppendLine("      " + secretLine); b.AppendLine("      " + merge); }
            }
            else b.AppendLine("      " + secretLine);
        }
        if (Chance(0.08))
        {
            Feature("task-networks");
            b.AppendLine("networks:");
            b.AppendLine("  - name: " + Pick("net1", "acb_default_network", "{{.Run.ID}}-net"));
            if (Chance(0.5)) b.AppendLine("    driver: " + Pick("bridge", "overlay", "nat"));
            if (Chance(0.5)) b.AppendLine("    " + Pick("skipCreation: true", "isDefault: true", "ipv6: yes", "isDefault: maybe"));
        }
    }

    private void Steps(StringBuilder b)
    {
        if (Chance(0.03)) { b.AppendLine("steps: []"); Feature("steps-empty"); return; }
        if (Chance(0.02)) { b.AppendLine("steps: " + Pick("x", "{}", "")); Feature("steps-not-list"); return; }
        var count = random.Next(1, 5);
        var flow = Chance(0.08);
        if (flow) { Feature("yaml-flow-steps"); b.Append("steps: ["); }
        else b.AppendLine("steps:");
        var rangeSteps = !flow && Chance(0.1) && values.ContainsKey("list");
        if (rangeSteps)
        {
            Feature("tpl-range-steps");
            b.AppendLine("{{ range $i, $v := .Values.list }}");
            b.AppendLine("  - id: " + Pick("s{{ $i }}", "step-{{ $v }}", "{{ $v }}"));
            b.AppendLine("    cmd: busybox echo {{ $v }} " + Pick("{{ $.Run.ID }}", "$ID", "{{ $.Values.name }}"));
            b.AppendLine("{{ end }}");
        }
        for (var i = 0; i < count; i++)
        {
            if (flow)
            {
                if (i > 0) b.Append(Chance(0.15) ? ",#c\n " : ", ");
                b.Append("{cmd: " + Pick("busybox echo " + Pick("a", "$ID", "{{.Run.ID}}"), "\"bash -c 'echo x'\"", "az login") + (Chance(0.3) ? ", id: f" + i : "") + "}");
                continue;
            }
            if (Chance(0.05)) { b.AppendLine("  # a comment between steps"); Feature("comment-line"); }
            Step(b, i);
        }
        if (flow) b.AppendLine("]");
        if (Chance(0.02)) { b.AppendLine("  -"); Feature("step-null"); }
    }

    private void Step(StringBuilder b, int index)
    {
        var kind = random.Next(10) switch { < 7 => "cmd", < 9 => "build", _ => "push" };
        string? id = null;
        var lines = new List<string>();
        if (Chance(0.4))
        {
            id = Pick($"s{index}", $"step_{index}", "acb_root", "a b", $"{{{{.Run.ID}}}}-{index}", $"$ID-{index}", stepIds.Count > 0 ? stepIds[0] : $"s{index}", $"\"s{index}\"");
            if (id is "acb_root" or "a b") Feature("step-id-invalid");
            if (stepIds.Contains(id)) Feature("step-id-duplicate");
            lines.Add("id: " + id);
            stepIds.Add(id.Trim('"'));
        }
        switch (kind)
        {
            case "cmd": lines.Add("cmd: " + CmdValue()); break;
            case "build": lines.Add("build: " + Scalar("-t " + Pick("$Registry/app:$ID", "{{.Run.Registry}}/app:{{.Run.ID}}", "app", "app:{{.Values.tag}}") + Pick(" .", " -f Dockerfile .", " --build-arg A=$ID .", " https://github.com/x/y.git", "")) ); Feature("step-build"); break;
            default:
                Feature("step-push");
                lines.Add(Chance(0.2) ? "push: " + Pick("app:1", "[]") : "push:");
                if (!lines[^1].Contains(':' + " ") || lines[^1] == "push:") lines.Add("  - " + Pick("$Registry/app:$ID", "{{.Run.Registry}}/app:{{.Run.ID}}", "app", "\"reg/app:{{.Values.tag}}\""));
                break;
        }
        if (kind == "cmd" && Chance(0.03)) { lines.Add("build: ."); Feature("step-two-kinds"); }
        var properties = random.Next(0, 4);
        for (var i = 0; i < properties; i++) lines.Add(StepProperty(kind));
        if (Chance(0.03)) StepMerges(lines);

        var anchored = Chance(0.03);
        if (anchored) Feature("yaml-anchor");
        for (var i = 0; i < lines.Count; i++)
            b.AppendLine((i == 0 ? "  - " + (anchored ? $"&st{index}\n    " : "") : "    ") + lines[i].Replace("\n", "\n    "));
        if (anchored && Chance(0.5) && id is null) b.AppendLine($"  - *st{index}");
        if (anchored) mapAnchors.Add($"st{index}");
    }

    // ---- merge keys -------------------------------------------------------------------------------------------

    /// <summary>
    /// Keys acb ignores, written before the task's own: anchors on mappings, scalars and lists (for later merges and
    /// aliases), and merge keys of every form, the failing ones included (acb accepts them where it decodes nothing).
    /// </summary>
    private void IgnoredKeys(StringBuilder b)
    {
        Feature("merge-ignored-keys");
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var name = "x-" + (++anchorCount);
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    Feature("merge-anchor-map");
                    var anchor = "m" + anchorCount;
                    b.AppendLine($"{name}: &{anchor}");
                    foreach (var entry in MergeEntries(random.Next(1, 3))) b.AppendLine("  " + entry);
                    mapAnchors.Add(anchor);
                    break;
                case 2:
                    Feature("merge-anchor-other");
                    var other = "o" + anchorCount;
                    b.AppendLine($"{name}: &{other} " + Pick("busybox", "[x]", "[{cmd: busybox echo l}]", "5"));
                    otherAnchors.Add(other);
                    break;
                default:
                    Feature("merge-under-ignored-key");
                    b.AppendLine($"{name}:");
                    var lines = MergeEntries(random.Next(0, 2)).ToList();
                    lines.Insert(random.Next(lines.Count + 1), "<<: " + MergeValue());
                    foreach (var line in lines) b.AppendLine("  " + line);
                    break;
            }
        }
    }

    /// <summary>Keys of a step, as merged mappings hold them: some valid, some wrong-typed or unknown, some merging in turn.</summary>
    private IEnumerable<string> MergeEntries(int count)
    {
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var entry = Pick("cmd: busybox echo m", "cmd: busybox echo n", "timeout: 5", "timeout: abc", "when: [\"-\"]", "when: [missing]",
                "id: m" + random.Next(3), "ignoreErrors: true", "env: [A=1]", "foo: bar", "retries: x", "build: .");
            if (used.Add(entry[..entry.IndexOf(':')])) yield return entry;
        }
    }

    private string InlineMap(int depth = 0)
    {
        var entries = MergeEntries(random.Next(0, 3)).ToList();
        if (depth == 0 && Chance(0.15)) { Feature("merge-nested"); entries.Insert(random.Next(entries.Count + 1), "<<: " + InlineMap(1)); }
        return "{" + string.Join(", ", entries) + "}";
    }

    /// <summary>
    /// The value of a merge key: an alias of a mapping, a mapping written in place (maybe anchored for a later merge),
    /// a list mixing both; or a value acb rejects where it decodes the mapping: a scalar, null, an alias of a scalar or
    /// a list, a list holding a scalar, a list of lists.
    /// </summary>
    private string MergeValue()
    {
        switch (random.Next(12))
        {
            case 0:
            case 1:
                if (mapAnchors.Count > 0) { Feature("merge-alias"); return "*" + Pick(mapAnchors.ToArray()); }
                goto case 2;
            case 2:
            case 3:
                Feature("merge-inline");
                return InlineMap();
            case 4:
                Feature("merge-inline-anchor");
                var anchor = "m" + (++anchorCount);
                mapAnchors.Add(anchor);
                return $"&{anchor} " + InlineMap();
            case 5:
            case 6:
                Feature("merge-list");
                var items = new List<string>();
                var n = random.Next(1, 4);
                for (var i = 0; i < n; i++) items.Add(mapAnchors.Count > 0 && Chance(0.5) ? "*" + Pick(mapAnchors.ToArray()) : InlineMap());
                return "[" + string.Join(", ", items) + "]";
            case 7: Feature("merge-empty"); return Pick("{}", "[]");
            case 8: Feature("merge-bad-scalar"); return Pick("x", "", "~", "5", "\"{cmd: x}\"");
            case 9:
                if (otherAnchors.Count > 0) { Feature("merge-bad-alias"); return "*" + Pick(otherAnchors.ToArray()); }
                goto case 8;
            case 10: Feature("merge-bad-list-scalar"); return "[" + Pick("x", "{cmd: busybox echo a}, x", "~", "5, {}") + "]";
            default: Feature("merge-bad-list-of-lists"); return Pick("[[{cmd: busybox echo l}]]", "[{}, []]", "[[]]");
        }
    }

    /// <summary>One or two merge keys among a step's keys: before them (overridden by them), after them (winning), in
    /// the middle; written in place or in block form; sometimes the step's only key besides what it merges.</summary>
    private void StepMerges(List<string> lines)
    {
        Feature("merge-step");
        var copies = Chance(0.12) ? 2 : 1;
        if (copies == 2) Feature("merge-twice");
        for (var c = 0; c < copies; c++)
        {
            var value = MergeValue();
            string line;
            if (Chance(0.15) && value.StartsWith('{') && value.Length > 2 && !value.Contains("<<"))
            {
                Feature("merge-block");
                line = "<<:\n  " + string.Join("\n  ", value[1..^1].Split(", "));
            }
            else line = ("<<: " + value).TrimEnd();
            if (Chance(0.1)) { Feature("merge-replaces-step"); lines.Clear(); lines.Add(line); continue; }
            lines.Insert(random.Next(lines.Count + 1), line);
        }
    }

    /// <summary>
    /// A flow list with a '#' right after a comma, bracket or quote (a comment for acb's yaml.v2, whatever precedes it),
    /// at the end of a line, mid-line, or where it swallows the closing bracket; and the controls.
    /// </summary>
    private string FlowComment()
    {
        Feature("yaml-flow-comment");
        return Pick("[A=1,#c\n B=2]", "[\"A=1\",#c\n B=2]", "['A=1',#c\n B=2]", "[\"A=1\"#c\n ]", "[#c\n A=1]", "[A=1,#c B=2]",
            "[A=1,#c]", "[A=1#c, B=2]", "[\"A=1,#c\", B=2]", "[A=1,#c\n\tB=2]", "[A=1, [B=2,#c\n C=3]]", "[A=1,#c,\n B=2]");
    }

    private string Scalar(string text)
    {
        switch (random.Next(8))
        {
            case 0:
                Feature("yaml-double-quoted");
                var quoted = "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
                if (Chance(0.05)) { Feature("yaml-comment-after-quote"); quoted += "#c"; }
                return quoted;
            case 1: Feature("yaml-single-quoted"); return "'" + text.Replace("'", "''") + "'";
            case 2: Feature("yaml-block-literal"); return (Chance(0.05) ? Feature("yaml-comment-after-block-header", "|#c") : "|") + "\n  " + text;
            case 3: Feature("yaml-block-folded"); return (Chance(0.05) ? Feature("yaml-comment-after-block-header", ">-#c") : ">-") + "\n  " + text;
            default: return text;
        }
    }

    private string CmdValue()
    {
        var image = random.Next(10) switch
        {
            0 => Pick("bash", "az", "acr", "curl", "cssc"),
            1 when aliasNames.Count > 0 => directive + Pick(aliasNames.ToArray()),
            2 => Template(),
            3 => Pick("mcr.microsoft.com/acr/bash:2ff604c", "{{.Run.Registry}}/tool:1", "$Registry/tool:$ID"),
            _ => Pick("busybox", "alpine", "docker"),
        };
        if (image is "bash" or "az" or "acr" or "curl" or "cssc") Feature("image-alias-" + image);
        var words = new List<string> { image };
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++) words.Add(Word());
        return Scalar(string.Join(' ', words));
    }

    private string StepProperty(string kind)
    {
        switch (random.Next(24))
        {
            case 0:
                Feature("step-when");
                var target = stepIds.Count > 0 && Chance(0.6) ? stepIds[random.Next(stepIds.Count)] : Pick("-", "acb_root", "nosuch", "later");
                return "when: " + Pick($"[\"{target}\"]", $"[{target}]", "\"-\"", $"[\"-\", \"{target}\"]", "[-]", $"[{target}, -]", "[~]");
            case 1:
                Feature("step-env");
                return "env: " + Pick("[\"A=1\"]", "[\"A=$ID\", \"B={{.Values.name}}\"]", "[NOEQUALS]", "A=1", "[\"A=1,B=2\"]",
                    "[A=1,\n\tB=2]", "[URL=http://x?y=1]", "[\"URL=http://x?y=1\"]", "[:A=1]", "[?A]", "[A=1, -]", FlowComment());
            case 2: Feature("step-timeout"); return "timeout: " + Pick("30", "\"30\"", "-1", "30.5", "0x10", "1_000", "yes", "0", "{{.Values.count}}", "abc");
            case 3: Feature("step-retries"); return Pick("retries: 2", "retries: -1", "retries: \"2\"", "retryDelay: 1", "retryDelay: x", "retryOnErrors: [\"e1\"]", "retryOnErrors: e1");
            case 4: Feature("step-repeat"); return Pick("repeat: 1", "repeat: -2", "repeat: on", "startDelay: 1", "startDelay: 1.9");
            case 5: Feature("step-bool"); return Pick("ignoreErrors", "keep", "detach", "privileged", "disableWorkingDirectoryOverride", "pull") + ": " + Pick("true", "false", "yes", "no", "\"true\"", "1", "y", "maybe", "{{.Values.flag}}");
            case 6: Feature("step-user"); return "user: " + Pick("root", "1000:1000", "\"\"", "$ID");
            case 7: Feature("step-network"); return "network: " + Pick("host", "none", "net1", "{{.Run.ID}}");
            case 8: Feature("step-isolation"); return "isolation: " + Pick("default", "hyperv", "process", "bogus");
            case 9: Feature("step-cpus"); return "cpus: " + Pick("1", "\"0.5\"", "0.5", "two");
            case 10: Feature("step-entryPoint"); return "entryPoint: " + Pick("sh", "\"\"", "[\"sh\"]", "/bin/sh");
            case 11: Feature("step-workingDirectory"); return "workingDirectory: " + Pick("/src", "sub", "$ID", "\"\"");
            case 12: Feature("step-ports"); return Pick("ports: [\"8080:80\"]", "ports: 8080", "expose: [\"80\"]", "ports: [8080]");
            case 13: Feature("step-cache"); return "cache: " + Pick("enabled", "disabled", "Enabled", "off", "true");
            case 14:
                Feature("step-volumeMounts");
                var name = volumes.Count > 0 && Chance(0.7) ? volumes[0] : Pick("missing", "vol1");
                return $"volumeMounts:\n  - name: {name}\n    mountPath: " + Pick("/run/x", "rel", "/run/x\n  - name: " + name + "\n    mountPath: /run/x");
            case 15: Feature("step-exitedWith"); return Pick("exitedWith: [0, 1]", "exitedWithout: [2]", "exitedWith: 0", "exitedWith: [a]");
            case 16: Feature("step-unknown-key"); return Pick("tiemout: 30", "comand: x", "envs: [A=1]", "foo: bar");
            case 17: Feature("step-secretEnvs"); return "secretEnvs: " + Pick("[\"S1\"]", "S1");
            case 18: Feature("yaml-trailing-comment"); return "ignoreErrors: true # trailing comment";
            case 19:
                Feature("step-duplicate-key");
                return Pick("timeout: 10\ntimeout: 20", "timeout: abc\ntimeout: 10", "env: A=1\nenv: [A=1]", "detach: 3\ndetach: false",
                    "cmd: [x]\ncmd: busybox echo a");
            case 20: Feature("step-when-template"); return "when: [\"{{ if .Values.flag }}-{{ else }}acb_root{{ end }}\"]";
            case 21:
                Feature("step-tag-explicit");
                return Chance(0.5) ? "timeout: !!int \"30\""
                    : Pick("when: [!!null]", "id: !!str] x", "env: [A=1, !!str,B=2]", "timeout: !!int] 30", "env: [A=1, !!null ]", "x-note: {a: !!str}");
            case 22: Feature("step-null-value"); return Pick("timeout:", "env:", "when:", "id:");
            default: Feature("step-alias-key"); return (aliases ? directive + "ID" : "$ID") + ": x";
        }
    }
}
