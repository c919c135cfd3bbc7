using System.Text;

namespace TaskRunner.Fuzz;

/// <summary>
/// Deterministic inputs: input <c>i</c> of seed <c>s</c> is always the same text, so a crash is reproduced by its
/// seed and index alone. Inputs are generated task files (a grammar of steps, keys and template actions) or corpus
/// files mutated: byte and line flips, splices, deep nesting, huge numbers, odd Unicode, BOMs, tabs, template actions
/// cut in half, YAML anchor/alias bombs; with generated or mutated values files and --set options.
/// </summary>
public sealed class InputGenerator(Corpus corpus, int seed)
{
    private static readonly string[] StepKeys =
    [
        "id", "cmd", "build", "push", "when", "env", "workingDirectory", "disableWorkingDirectoryOverride", "entryPoint",
        "user", "network", "isolation", "cpus", "privileged", "keep", "detach", "ports", "expose", "timeout", "startDelay",
        "retries", "retryDelay", "retryOnErrors", "repeat", "ignoreErrors", "pull", "cache", "volumeMounts", "exitedWith",
        "exitedWithout", "secretEnvs", "bogus",
    ];

    private static readonly string[] TaskKeys = ["version", "stepTimeout", "workingDirectory", "env", "secrets", "networks", "volumes", "alias"];

    private static readonly string[] Functions =
    [
        "upper", "lower", "title", "trim", "trimAll", "trimPrefix", "trimSuffix", "replace", "contains", "hasPrefix", "quote",
        "squote", "cat", "repeat", "nospace", "trunc", "abbrev", "abbrevboth", "indent", "nindent", "split", "splitn",
        "splitList", "join", "substr", "plural", "initials", "wrap", "wrapWith", "toString", "toStrings", "printf", "print",
        "println", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "html", "js", "urlquery",
        "add", "sub", "mul", "div", "mod", "max", "min", "floor", "ceil", "round", "until", "untilStep", "list", "first",
        "last", "rest", "initial", "append", "prepend", "concat", "reverse", "uniq", "without", "has", "compact", "sortAlpha",
        "dict", "get", "set", "unset", "hasKey", "pluck", "keys", "values", "pick", "omit", "merge", "mergeOverwrite",
        "deepCopy", "typeOf", "kindOf", "typeIs", "kindIs", "deepEqual", "b64enc", "b64dec", "b32enc", "b32dec", "toJson",
        "toPrettyJson", "fromJson", "regexMatch", "regexFind", "regexFindAll", "regexReplaceAll", "regexSplit", "semver",
        "semverCompare", "urlParse", "urlJoin", "sha256sum", "sha1sum", "adler32sum", "date", "now", "toDate", "dateInZone",
        "duration", "ago", "default", "empty", "coalesce", "ternary", "fail", "base", "dir", "ext", "clean", "isAbs",
        "snakecase", "camelcase", "kebabcase", "swapcase", "shuffle", "int", "int64", "float64", "atoi", "toDecimal",
        "sortAlpha", "chunk", "dig", "fromYaml", "uuidv4", "htpasswd", "derivePassword", "genPrivateKey", "b64dec",
        "randAlphaNum", "randInt", "regexQuoteMeta", "mustRegexFind", "mustToJson", "seq", "env", "expandenv",
    ];

    private static readonly string[] Operands =
    [
        ".", "$", ".Values", ".Values.tag", ".Values.list", ".Values.map", ".Values.missing", ".Values.missing.deeper",
        ".Run.ID", ".Run.Registry", ".Run.Date", ".Secrets", "$.Values.num", "$x", "$i", "$e", "nil", "true", "false", "0", "1", "-1",
        "3", "1e3", "0x7fffffffffffffff", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
        "99999999999999999999999", "1.5", "-0.0", "\"\"", "\"a\"", "\"a,b,c\"", "\"x{{y}}z\"", "\"%s%d%v\"", "\"\\u00e9\"",
        "\"(a+)+$\"", "\"[\"", "\"v1.2.3\"", "\"2020-01-02\"", "'a'", "`raw`", "(list 1 2 3)", "(dict \"a\" 1)", "(until 3)",
        "(list)", "(dict)", "1000000", "10000000", "2147483648", "-2147483649",
    ];

    private static readonly string[] OddText =
    [
        "\uFEFF", "\u202E", "\u200B", "\u0000", "\uFFFF", "\uFFFE", "\uD800", "\uDC00", "\U0001F600", "e\u0301", "\u0085",
        "\u2028", "\u00A0", "\t", "\r", "\r\n", "\v", "\f", "\u3000", "ǅ", "İ", "ß", "\x1b[31m", "\\", "\"", "'", "`", "#",
        "&a", "*a", "!!binary ", "!!map", "? ", "%YAML 1.1\n", "---\n", "...\n", "<<: *a", "{{", "}}", "{{-", "-}}", "{{/*",
        "*/}}", "$$", "$ID", "$Registry", "${{", "|-\n", ">+\n", "~", "null", "0o17", "0x1F", ".inf", "-.nan", "1_000",
        "y", "NO", "on", "2001-12-14t21:59:43.10-05:00",
    ];

    /// <summary>Input number <paramref name="index"/> of this generator's seed.</summary>
    public FuzzInput Generate(long index)
    {
        var random = new Random(Mix(seed, index));
        var recipe = new List<string>();
        string task;
        switch (random.Next(10))
        {
            case 0:
            case 1:
            case 2:
                task = GenerateTask(random, recipe);
                break;
            case 3:
                task = "steps:\n  - cmd: " + Quote(Pick(random, corpus.Templates)) + "\n";
                recipe.Add("template-test-input");
                break;
            default:
                task = Pick(random, corpus.TaskFiles);
                recipe.Add("corpus");
                break;
        }
        var mutations = random.Next(0, 5);
        for (var m = 0; m < mutations; m++) task = Mutate(random, task, recipe);

        string? values = null;
        var valuesRoll = random.Next(10);
        if (valuesRoll < 3) values = GenerateValues(random, recipe);
        else if (valuesRoll < 5)
        {
            values = Pick(random, corpus.ValuesFiles);
            recipe.Add("values:corpus");
            for (var m = random.Next(1, 4); m > 0; m--) values = Mutate(random, values, recipe);
        }
        else if (valuesRoll == 5 && random.Next(4) == 0)
        {
            // Bombs cost up to a second each before the limit stops them: a few percent of inputs is plenty.
            values = AliasBomb(random, recipe);
        }

        var set = new List<string>();
        for (var n = random.Next(random.Next(2) == 0 ? 1 : 6); n > 0; n--) set.Add(GenerateSet(random));
        if (set.Count > 0) recipe.Add($"set:{set.Count}");
        return new FuzzInput(index, string.Join(' ', recipe), AsRead(task), values is null ? null : AsRead(values), set.Select(AsRead).ToList());
    }

    /// <summary>A stable per-input seed (HashCode.Combine is randomized per process, so it cannot be used).</summary>
    private static int Mix(int seed, long index)
    {
        var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 29;
        return (int)(x & 0x7FFFFFFF);
    }

    private static readonly System.Text.Encoding Utf8 = new UTF8Encoding(false, false);

    /// <summary>
    /// The text as the CLI would get it from a file or an argument: UTF-8 bytes decoded, so a lone surrogate a
    /// mutation made becomes U+FFFD as it would on disk.
    /// </summary>
    private static string AsRead(string text) => Utf8.GetString(Utf8.GetBytes(text));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "'";

    // ---- generated task files ----
    private string GenerateTask(Random random, List<string> recipe)
    {
        recipe.Add("generated");
        var sb = new StringBuilder();
        if (random.Next(2) == 0) sb.Append("version: ").Append(Pick(random, ["v1.0.0", "v1.1.0", "v1.1.0", "v9", "{{ .Values.v }}", "1.1.0"])).Append('\n');
        if (random.Next(4) == 0)
        {
            sb.Append("alias:\n  values:\n");
            for (var i = random.Next(1, 4); i > 0; i--) sb.Append("    ").Append(Word(random)).Append(": ").Append(Scalar(random)).Append('\n');
            if (random.Next(3) == 0) sb.Append("  src:\n    - ").Append(Pick(random, ["./missing.yaml", "aliases.yaml", "http://127.0.0.1:1/a.yaml", "{{ .Values.src }}"])).Append('\n');
        }
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            var key = Pick(random, TaskKeys);
            sb.Append(key).Append(": ").Append(key switch
            {
                "secrets" => "\n  - id: s" + random.Next(3) + "\n    keyvault: " + Scalar(random) + "\n",
                "volumes" => "\n  - name: v" + random.Next(3) + "\n    secret:\n      f.txt: " + Scalar(random) + "\n",
                "networks" => "\n  - name: n" + random.Next(3) + "\n    driver: bridge\n",
                "env" => "[" + Scalar(random) + "]\n",
                _ => Scalar(random) + "\n",
            });
        }
        if (random.Next(8) == 0) { recipe.Add("no-steps"); return sb.ToString(); }
        sb.Append("steps:\n");
        var steps = random.Next(1, 8);
        for (var s = 0; s < steps; s++)
        {
            if (random.Next(6) == 0) sb.Append("{{ ").Append(Pick(random, ["if .Values.flag", "range $i, $e := .Values.list", "with .Values.map", "range until 3", "range 2"])).Append(" }}\n");
            var kind = Pick(random, ["cmd", "build", "push", "cmd", "build"]);
            sb.Append("  - ").Append(kind).Append(": ").Append(kind == "push" ? "[" + Action(random) + "]" : StepText(random, kind)).Append('\n');
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                var key = Pick(random, StepKeys);
                sb.Append("    ").Append(key).Append(": ").Append(key switch
                {
                    "when" => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Pick(random, ["\"-\"", "s0", "s1", "s2", "a", "\"\""]))) + "]",
                    "env" or "secretEnvs" or "ports" or "expose" => "[" + Scalar(random) + ", " + Scalar(random) + "]",
                    "volumeMounts" => "\n      - name: v" + random.Next(3) + "\n        mountPath: " + Pick(random, ["/a", "/a", "rel", "/b"]),
                    "id" => "s" + random.Next(4),
                    _ => Scalar(random),
                }).Append('\n');
            }
            if (sb.ToString().Contains("{{ if", StringComparison.Ordinal) || sb.ToString().Contains("{{ range", StringComparison.Ordinal) || sb.ToString().Contains("{{ with", StringComparison.Ordinal))
                if (random.Next(3) != 0) sb.Append("{{ end }}\n");
        }
        return sb.ToString();
    }

    private string StepText(Random random, string kind)
    {
        var words = new List<string>();
        if (kind == "build") words.Add("-t " + Pick(random, ["{{.Run.Registry}}/app:{{.Run.ID}}", "$Registry/app:$ID", "app", "UPPER/x", "a:b:c"]));
        if (kind == "cmd") words.Add(Pick(random, ["busybox", "bash", "az", "$Registry/x", "{{.Run.Registry}}/img:1", "mcr.microsoft.com/a/b"]));
        for (var i = random.Next(0, 4); i > 0; i--) words.Add(random.Next(3) == 0 ? Action(random) : Word(random));
        if (kind == "build") words.Add(Pick(random, [".", "-f Dockerfile .", "--build-arg A=1 .", "https://github.com/a/b.git"]));
        var text = string.Join(' ', words);
        return random.Next(3) == 0 ? Quote(text) : text;
    }

    private string Action(Random random)
    {
        var body = random.Next(5) switch
        {
            0 => Pick(random, Operands),
            1 => Pick(random, Functions) + " " + string.Join(' ', Enumerable.Range(0, random.Next(0, 4)).Select(_ => Pick(random, Operands))),
            2 => Pick(random, Operands) + " | " + Pick(random, Functions) + (random.Next(2) == 0 ? " " + Pick(random, Operands) : ""),
            3 => "$x := " + Pick(random, Functions) + " " + Pick(random, Operands),
            _ => "printf " + Pick(random, ["\"%s\"", "\"%d\"", "\"%v\"", "\"%*d\"", "\"%-10.3f\"", "\"%q\"", "\"%x\"", "\"%!\"", "\"%[2]d\""]) + " " + Pick(random, Operands),
        };
        return "{{ " + body + " }}";
    }

    private static string Word(Random random) =>
        Pick(random, ["a", "b", "x", "tag", "list", "map", "num", "flag", "src", "v", "name", "é", "Δ", "a.b", "a b", "-", "--", "0"]);

    private string Scalar(Random random) => random.Next(9) switch
    {
        0 => Action(random),
        1 => Pick(random, ["1", "-1", "0", "99999999999999999999", "1e309", "0x10", "1.5", "10m", "3600", "-3600"]),
        2 => Pick(random, ["true", "false", "yes", "~", "null", "\"\"", "''"]),
        3 => "[" + Word(random) + ", " + Word(random) + "]",
        4 => "{" + Word(random) + ": " + Word(random) + "}",
        5 => Pick(random, OddText),
        6 => Quote(Word(random) + Action(random)),
        _ => Word(random),
    };

    // ---- values and --set ----
    private string GenerateValues(Random random, List<string> recipe)
    {
        recipe.Add("values:generated");
        var sb = new StringBuilder();
        foreach (var key in new[] { "tag", "list", "map", "num", "flag", "v", "src", "x" })
        {
            if (random.Next(3) == 0) continue;
            sb.Append(key).Append(": ").Append(key switch
            {
                "list" => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Scalar(random))) + "]",
                "map" => "\n  a: " + Scalar(random) + "\n  b:\n    c: " + Scalar(random),
                "num" => Pick(random, ["1", "1.5", "-7", "1e400", ".nan", ".inf", "0o777", "123456789012345678901234567890"]),
                "flag" => Pick(random, ["true", "false", "yes", "off", "\"true\""]),
                _ => Scalar(random),
            }).Append('\n');
        }
        if (random.Next(6) == 0)
        {
            recipe.Add("values:deep");
            var depth = random.Next(50, 3000);
            sb.Append("deep: ").Append(new string('[', depth)).Append(new string(']', depth)).Append('\n');
        }
        return sb.ToString();
    }

    private static string AliasBomb(Random random, List<string> recipe)
    {
        var levels = random.Next(3, 12);
        var width = random.Next(2, 10);
        recipe.Add($"values:alias-bomb:{levels}x{width}");
        var sb = new StringBuilder("l0: &l0 [\"lol\"]\n");
        for (var i = 1; i < levels; i++)
            sb.Append('l').Append(i).Append(": &l").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", width))).Append("]\n");
        if (random.Next(2) == 0) sb.Append("self: &self\n  me: *self\n");
        return sb.ToString();
    }

    private string GenerateSet(Random random)
    {
        var key = random.Next(8) switch
        {
            0 => "",
            1 => Pick(random, OddText),
            2 => "a.b.c",
            _ => Word(random),
        };
        var value = random.Next(8) switch
        {
            0 => Action(random),
            1 => Pick(random, OddText),
            2 => new string('x', random.Next(0, 5000)),
            3 => "{{" + Pick(random, Functions),
            _ => Scalar(random),
        };
        return random.Next(10) == 0 ? key + value : key + "=" + value;
    }

    // ---- mutations ----
    private string Mutate(Random random, string text, List<string> recipe)
    {
        var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(14))
        {
            case 0:
                recipe.Add("byte-flip");
                if (text.Length == 0) return text;
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var i = random.Next(1, 8); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return Encoding.UTF8.GetString(bytes);
            case 1:
                {
                    recipe.Add("line-flip");
                    var lines = text.Split('\n').ToList();
                    if (lines.Count < 2) return text;
                    var a = random.Next(lines.Count);
                    var b = random.Next(lines.Count);
                    switch (random.Next(3))
                    {
                        case 0: (lines[a], lines[b]) = (lines[b], lines[a]); break;
                        case 1: lines.Insert(a, lines[b]); break;
                        default: lines.RemoveAt(a); break;
                    }
                    return string.Join('\n', lines);
                }
            case 2:
                {
                    recipe.Add("splice");
                    var other = random.Next(3) == 0 ? Pick(random, corpus.Templates) : Pick(random, corpus.TaskFiles);
                    var from = random.Next(other.Length + 1);
                    var length = random.Next(0, Math.Min(400, other.Length - from) + 1);
                    var cut = Math.Min(text.Length - Math.Min(at, text.Length), random.Next(0, 40));
                    return text.Remove(Math.Min(at, text.Length), cut).Insert(Math.Min(at, text.Length - cut), other.Substring(from, length));
                }
            case 3:
                {
                    var depth = random.Next(4) != 0 ? random.Next(10, 300) : random.Next(300, random.Next(8) == 0 ? 20000 : 3000);
                    var (open, close, kind) = Pick(random, [("[", "]", "yaml"), ("{", "}", "yaml"), ("{{ (", ") }}", "template"), ("{{ if true }}", "{{ end }}", "template"),
                        ("- ", "", "yaml"), ("  ", "x", "yaml"), ("{a: ", "}", "yaml"), ("{{ range 2 }}", "{{ end }}", "template"), ("{{ define \"d\" }}", "{{ end }}", "template")]);
                    recipe.Add("deep-nesting:" + kind);
                    return text.Insert(at, string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
                }
            case 4:
                {
                    recipe.Add("huge-number");
                    var digits = "0123456789".ToCharArray();
                    var i = text.IndexOfAny(digits, Math.Min(at, text.Length));
                    var huge = Pick(random, ["99999999999999999999999999", "9223372036854775808", "2147483647", "1000000000", "100000000", "-99999999999", "1e999", "4294967296", "65536"]);
                    return i < 0 ? text.Insert(at, huge) : text.Remove(i, 1).Insert(i, huge);
                }
            case 5:
                recipe.Add("odd-unicode");
                return text.Insert(at, Pick(random, OddText));
            case 6:
                recipe.Add("bom");
                return (random.Next(2) == 0 ? "\uFEFF" : "\uFEFF\uFEFF") + text;
            case 7:
                recipe.Add("tabs");
                return random.Next(2) == 0 ? text.Replace("  ", "\t", StringComparison.Ordinal) : text.Insert(at, "\t");
            case 8:
                {
                    recipe.Add("cut-action");
                    var open = text.IndexOf("{{", Math.Min(at, text.Length), StringComparison.Ordinal);
                    if (open < 0) open = text.IndexOf("{{", StringComparison.Ordinal);
                    if (open < 0) return text.Insert(at, "{{ " + Pick(random, Functions));
                    var close = text.IndexOf("}}", open, StringComparison.Ordinal);
                    var end = close < 0 ? text.Length : close + 2;
                    var cut = open + random.Next(1, Math.Max(2, end - open));
                    return random.Next(2) == 0 ? text.Remove(cut, Math.Min(text.Length - cut, end - cut)) : text[..cut];
                }
            case 9:
                recipe.Add("action-insert");
                return text.Insert(at, Action(random));
            case 10:
                {
                    recipe.Add("yaml-anchors");
                    var bomb = AliasBomb(random, []).Replace("\n", "\n", StringComparison.Ordinal);
                    return random.Next(2) == 0 ? bomb + text : text + "\n" + bomb;
                }
            case 11:
                recipe.Add("truncate");
                return text[..Math.Min(at, text.Length)];
            case 12:
                recipe.Add("line-ends");
                return Pick(random, [text.Replace("\n", "\r\n", StringComparison.Ordinal), text.Replace("\n", "\r", StringComparison.Ordinal), text.Replace("\n", "\u2028", StringComparison.Ordinal), text + "\0"]);
            default:
                recipe.Add("indent-shift");
                return text.Replace("\n", random.Next(2) == 0 ? "\n " : "\n\n", StringComparison.Ordinal);
        }
    }
}
