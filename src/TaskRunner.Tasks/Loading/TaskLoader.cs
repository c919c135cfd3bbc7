using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Loading.Aliases;
using TaskRunner.Tasks.Loading.Text;
using TaskRunner.Tasks.Loading.Values;
using TaskRunner.Tasks.Loading.Yaml;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Planning;
using TaskRunner.Tasks.Validation;
using TaskRunner.Templating;

namespace TaskRunner.Tasks.Loading;

/// <summary>
/// Text to plan, as ACR does it: version detection on the raw text, comment-line removal, the alias block and alias
/// expansion (v1.1.0), Go-template rendering, lenient YAML, validation and lints, then defaults and the step graph.
/// Every problem becomes a diagnostic at its position in the original file; nothing here throws for bad input.
/// </summary>
public static class TaskLoader
{
    public static LoadResult Load(LoadRequest request)
    {
        var diagnostics = new DiagnosticBag();
        var file = request.File;
        string text;
        if (request.Text is null && Directory.Exists(file))
        {
            diagnostics.Error(SourceSpan.None(file), DiagnosticCodes.FileNotFound, $"'{file}' is a directory, not a task file");
            return new LoadResult { Diagnostics = diagnostics.Sorted() };
        }
        try
        {
            text = request.Text ?? ReadTaskFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(SourceSpan.None(file), DiagnosticCodes.FileNotFound, $"cannot read the task file: {e.Message}");
            return new LoadResult { Diagnostics = diagnostics.Sorted() };
        }

        // 1. The alias switch, from the raw text as acb reads it (the version itself is validated on the YAML).
        var rawVersion = TaskVersion.FindRaw(text);
        var aliasesOn = TaskVersion.EnablesAliases(rawVersion?.Raw);

        // 2. Values and template data.
        var values = LoadValues(request, diagnostics);
        Dictionary<string, object?> data;
        try
        {
            data = TemplateData.Create(request.Run, values, request.Secrets);
        }
        catch (InvalidOperationException e)
        {
            // acb fails the same way: .ValuesJSON is json.Marshal of the values, which rejects NaN and infinities.
            diagnostics.Error(SourceSpan.None(request.ValuesFile ?? file), DiagnosticCodes.InvalidValuesFile, $"failed to serialize Values: {e.Message}");
            return new LoadResult { Diagnostics = diagnostics.Sorted() };
        }
        var options = new TemplateOptions
        {
            LeftDelimiter = request.LeftDelimiter,
            RightDelimiter = request.RightDelimiter,
            Now = () => request.Run.StartTime,
        };

        // 3. Comment lines, the alias block, alias expansion.
        var template = CommentLines.Remove(MappedText.FromOriginal(file, text));
        AliasDefinitions? aliases = null;
        if (aliasesOn)
        {
            var (block, remainder) = AliasBlock.Separate(template);
            var renderedBlock = block.Lines.Count == 0 ? "" : Render(block, block.Text, data, options, diagnostics);
            if (renderedBlock is not null)
            {
                var blockMap = RenderedLineMap.Build(block, renderedBlock, options.LeftDelimiter, options.RightDelimiter);
                var resolver = new AliasResolver(options.LeftDelimiter, options.RightDelimiter, location => ReadAliasSource(location, file));
                aliases = resolver.Resolve(renderedBlock, blockMap.Map, diagnostics);
            }
            template = AliasExpander.Expand(remainder, aliases ?? new AliasDefinitions(AliasDefinitions.BuiltIns(options.LeftDelimiter, options.RightDelimiter), '$'), diagnostics);
        }

        // 4. Render the text as acb has it: without aliases, the lines are joined as the file had them, so a file
        // without a final line break gives a text without one. An empty text is an empty task; a text that renders to
        // nothing at all (not even a line break) is an error.
        var templateText = template.Text;
        // What acb logs as "Processed task before rendering data:" (it has aliases on only then).
        var processed = aliasesOn ? templateText : null;
        var finalBreakDropped = !aliasesOn && !text.EndsWith('\n') && templateText.EndsWith('\n');
        if (finalBreakDropped) templateText = templateText[..^1];
        var rendered = templateText.Length == 0 ? "" : Render(template, templateText, data, options, diagnostics);
        if (rendered is null) return new LoadResult { ProcessedText = processed, Diagnostics = diagnostics.Sorted() };
        if (rendered.Length == 0 && templateText.Length > 0)
        {
            diagnostics.Error(new SourceSpan(file, 1, 1), DiagnosticCodes.EmptyRender,
                "the task rendered to nothing; check the template's if/range conditions and the values given");
            return new LoadResult { ProcessedText = processed, RenderedText = rendered, Diagnostics = diagnostics.Sorted() };
        }
        if (finalBreakDropped && rendered.Length > 0) rendered += "\n";

        // 5. YAML with positions in the original file.
        var lineMap = RenderedLineMap.Build(template, rendered, options.LeftDelimiter, options.RightDelimiter);
        // A byte order mark at the start of the YAML stream is no content (yaml.v2 skips it too); it takes no column.
        Func<int, int, SourceSpan> map = lineMap.Map;
        var yamlText = rendered;
        if (rendered.StartsWith(MappedText.ByteOrderMark))
        {
            yamlText = rendered[1..];
            map = (line, column) => lineMap.Map(line, line == 1 ? column + 1 : column);
        }
        var task = new TaskYamlReader(file, map, diagnostics).Read(yamlText);
        if (task is null) return new LoadResult { ProcessedText = processed, RenderedText = rendered, Diagnostics = diagnostics.Sorted() };
        if (!diagnostics.Items.Any(d => d.Code == DiagnosticCodes.InvalidVersion))
            WarnWhereTheAliasSwitchSurprises(text, file, rawVersion, aliasesOn, task, diagnostics);
        if (aliases is not null) task = ResolveImageAliases(task, aliases);

        // 6. Validate, lint, plan.
        TaskValidator.Validate(task, diagnostics);
        TaskLints.Run(task, diagnostics, MappedText.SplitLines(text));
        var plan = diagnostics.HasErrors ? null : Planner.Plan(task, request.Run, request.DefaultWorkingDirectory);
        return new LoadResult { ProcessedText = processed, RenderedText = rendered, Task = task, Plan = plan, Diagnostics = diagnostics.Sorted() };
    }

    private const string NoValue = "<no value>";

    /// <summary>
    /// The file's text with a UTF-8 byte order mark kept as U+FEFF, as acb keeps it (File.ReadAllText would drop it),
    /// other encodings detected as usual, within <see cref="InputLimits.MaxTaskFileBytes"/>.
    /// </summary>
    private static string ReadTaskFile(string file)
    {
        CheckSize(file, InputLimits.MaxTaskFileBytes);
        var bytes = File.ReadAllBytes(file);
        return bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            ? MappedText.ByteOrderMark + new System.Text.UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3)
            : File.ReadAllText(file);
    }

    /// <summary>
    /// acb switches aliases on from the raw version text, case-sensitively and without byte order mark handling; warn
    /// where that disagrees with the task's (valid) version: a BOM or a capital V keeps a v1.1.0 task's aliases off.
    /// </summary>
    private static void WarnWhereTheAliasSwitchSurprises(string text, string file, (string Raw, int Line, int Column)? raw, bool aliasesOn,
        TaskDefinition task, DiagnosticBag diagnostics)
    {
        var meant = task.Version == TaskVersion.V110;
        if (meant == aliasesOn) return;
        var at = raw is { } r ? new SourceSpan(file, r.Line, r.Column) : task.VersionSpan ?? new SourceSpan(file, 1, 1);
        if (meant && text.StartsWith(MappedText.ByteOrderMark) && TaskVersion.EnablesAliases(TaskVersion.FindRaw(text[1..])?.Raw))
            diagnostics.Warning(new SourceSpan(file, 1, 1), DiagnosticCodes.AliasSwitch,
                "the file starts with a byte order mark (BOM), which hides the version line from ACR's runner: it leaves aliases off, "
                + "so $ID and every other $name stay as written in ACR, as they do here; save the file as UTF-8 without a BOM");
        else if (meant && raw is null)
            diagnostics.Warning(at, DiagnosticCodes.AliasSwitch,
                "ACR's runner switches aliases on only from a line that starts with 'version:' (not indented); this version line "
                + "does not, so aliases stay off: $ID and every other $name stay as written in ACR, as they do here; write 'version: v1.1.0' at the start of its line");
        else if (meant)
            diagnostics.Warning(at, DiagnosticCodes.AliasSwitch,
                $"ACR's runner switches aliases on only for a version line that reads 'v1.1.0' as written (lower-case v); "
                + $"'{raw?.Raw ?? ""}' leaves them off, so $ID and every other $name stay as written in ACR, as they do here; write 'version: v1.1.0'");
        else
            diagnostics.Warning(at, DiagnosticCodes.AliasSwitch,
                $"ACR's runner switches aliases on because the version line reads '{raw?.Raw ?? ""}', which sorts after 'v1.1.0', although the "
                + $"task's version is {task.Version}: $name is replaced as in a v1.1.0 task, in ACR as here");
    }

    private static string? Render(MappedText template, string text, object data, TemplateOptions options, DiagnosticBag diagnostics)
    {
        try
        {
            // acb removes every "<no value>" from the rendered text (its answer to missingkey=zero), wherever it came from.
            return GoTemplate.Parse(text, options).Render(data).Replace(NoValue, "", StringComparison.Ordinal);
        }
        catch (TemplateException e)
        {
            var code = e.Code is "TPL001" or "TPL002" or "TPL004" ? DiagnosticCodes.TemplateSyntax : DiagnosticCodes.TemplateExecution;
            var hint = e.Message.Contains("field Run", StringComparison.Ordinal) || e.Message.Contains("field Values", StringComparison.Ordinal)
                || e.Message.Contains(": .Run is missing", StringComparison.Ordinal) || e.Message.Contains(": .Values is missing", StringComparison.Ordinal)
                ? "; inside range or with, '.' is the current element: write $.Run or $.Values (the built-in aliases such as $ID expand to {{.Run.ID}})"
                : "";
            diagnostics.Error(template.Map(e.Line, e.Column), code, $"template: {e.Message} ({e.Code}){hint}");
            return null;
        }
    }

    private static Dictionary<string, object?> LoadValues(LoadRequest request, DiagnosticBag diagnostics)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (request.ValuesFile is { } path)
        {
            try
            {
                values = ValuesTree.FromYaml(ReadLimited(path, InputLimits.MaxValuesFileBytes));
            }
            catch (ValuesFileException e)
            {
                diagnostics.Error(new SourceSpan(path, e.Line, e.Column), DiagnosticCodes.InvalidValuesFile, e.Message);
            }
            catch (UnknownAnchorException e)
            {
                diagnostics.Error(new SourceSpan(path, (int)e.Start.Line, (int)e.Start.Column), DiagnosticCodes.InvalidValuesFile, "the values file is not valid YAML: " + e.Message);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
            {
                // YamlDotNet's scanner fails this way (not with a YamlException) on some malformed plain scalars.
                diagnostics.Error(SourceSpan.None(path), DiagnosticCodes.InvalidValuesFile, "the values file is not valid YAML: the YAML parser gave up on it");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(SourceSpan.None(path), DiagnosticCodes.InvalidValuesFile, $"cannot read the values file: {e.Message}");
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                diagnostics.Error(new SourceSpan(path, (int)e.Start.Line, (int)e.Start.Column), DiagnosticCodes.InvalidValuesFile,
                    "the values file is not valid YAML: " + (e.InnerException?.Message ?? e.Message));
            }
            catch (InvalidDataException e)
            {
                diagnostics.Error(new SourceSpan(path, 1, 1), DiagnosticCodes.InvalidValuesFile, e.Message);
            }
        }
        var options = new List<SetOption>();
        if (SetTooLarge(request.Set) is { } tooLarge)
        {
            diagnostics.Error(SourceSpan.None("--set"), DiagnosticCodes.InvalidValuesFile, tooLarge);
            return values;
        }
        foreach (var text in request.Set)
        {
            if (SetOption.TryParse(text, out var option, out var error)) options.Add(option);
            else diagnostics.Error(SourceSpan.None("--set"), DiagnosticCodes.InvalidValuesFile, error);
        }
        ValuesTree.Apply(values, options);
        return values;
    }

    /// <summary>The file's text, or <see cref="InputTooLargeException"/> when it is larger than <paramref name="limit"/> bytes.</summary>
    private static string ReadLimited(string path, long limit)
    {
        CheckSize(path, limit);
        return File.ReadAllText(path);
    }

    private static void CheckSize(string path, long limit)
    {
        var length = new FileInfo(path).Length;
        if (length > limit)
            throw new InputTooLargeException($"it is {InputLimits.Describe(length)}, over TaskRunner's limit of {InputLimits.Describe(limit)}");
    }

    private static string? SetTooLarge(IReadOnlyList<string> set)
    {
        long total = 0;
        foreach (var text in set)
        {
            if (text.Length > InputLimits.MaxSetChars)
                return $"--set {SetKey(text)}=... is {text.Length} characters long, over TaskRunner's limit of {InputLimits.MaxSetChars} for one --set; use a values file";
            total += text.Length;
        }
        return total > InputLimits.MaxSetTotalChars
            ? $"the --set options are {total} characters long together, over TaskRunner's limit of {InputLimits.MaxSetTotalChars}; use a values file"
            : null;
    }

    private static string SetKey(string text)
    {
        var key = text.IndexOf('=') is var i and >= 0 ? text[..i] : text;
        return key.Length > 40 ? key[..40] + "..." : key;
    }

    /// <summary>An input over a size limit: reported as "cannot read" the file, with the limit.</summary>
    private sealed class InputTooLargeException(string message) : IOException(message);

    private static string? ReadAliasSource(string location, string taskFile)
    {
        try
        {
            if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                return client.GetStringAsync(uri).GetAwaiter().GetResult();
            }
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(taskFile)) ?? ".";
            var candidate = Path.IsPathRooted(location) ? location : Path.Combine(baseDirectory, location);
            if (!File.Exists(candidate) && File.Exists(location)) candidate = location;
            return File.ReadAllText(candidate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>A cmd whose first word is an alias name (bash, az, ... or a user alias) runs the aliased image.</summary>
    private static TaskDefinition ResolveImageAliases(TaskDefinition task, AliasDefinitions aliases)
    {
        var steps = task.Steps.Select(step =>
        {
            if (step.Kind != StepKind.Cmd || step.Command is null) return step;
            var trimmed = step.Command.Trim();
            var space = trimmed.IndexOf(' ');
            var first = space < 0 ? trimmed : trimmed[..space];
            if (!aliases.Map.TryGetValue(first, out var image)) return step;
            return step with { Command = image + (space < 0 ? "" : trimmed[space..]) };
        }).ToList();
        return task with { Steps = steps };
    }
}
