using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Model;
using TaskRunner.Tasks.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TaskRunner.Tasks.Loading.Yaml;

/// <summary>Parses the rendered text as YAML and reads it into a <see cref="TaskDefinition"/>, with positions.</summary>
internal sealed class TaskYamlReader
{
    private readonly string _file;
    private NodeReader _read;
    private Func<int, int, SourceSpan> _map;
    private bool _padded;

    public TaskYamlReader(string file, Func<int, int, SourceSpan> map, DiagnosticBag diagnostics)
    {
        _file = file;
        _map = map;
        _read = new NodeReader(map, diagnostics);
    }

    private DiagnosticBag Diagnostics => _read.Diagnostics;

    /// <summary>
    /// Type-checks the earlier copies of keys written twice in <paramref name="mapping"/>, as acb does: yaml.v2 decodes
    /// every copy into the same field in turn, so a wrong type in any copy fails the file ("cannot unmarshal !!str `abc`
    /// into int" at the earlier copy's line), while the checks made after decoding (a missing cmd, an invalid ID) see
    /// only the last copy. Each copy is read as a mapping of that one key by <paramref name="read"/>; only its type
    /// errors are kept.
    /// </summary>
    private void CheckOverridden(YamlMappingNode mapping, Action<YamlMappingNode> read)
    {
        foreach (var (name, _, value) in NodeReader.Overridden(mapping))
        {
            var single = new YamlMappingNode { { new YamlScalarNode(name), value } };
            var scratch = new DiagnosticBag();
            var reader = _read;
            // The one-key mapping has no position of its own (only what it reports about itself does, which is dropped).
            _read = new NodeReader((line, column) => _map(Math.Max(line, 1), Math.Max(column, 1)), scratch);
            try
            {
                read(single);
            }
            finally
            {
                _read = reader;
            }
            Diagnostics.AddRange(scratch.Items.Where(d => d.Severity == Severity.Error && d.Code is DiagnosticCodes.WrongType or DiagnosticCodes.NotAMapping));
        }
    }

    /// <summary>
    /// Reads the text again with the continuation lines YamlDotNet refuses and yaml.v2 reads padded (see
    /// <see cref="ContinuationIndent"/>), positions mapped back to the unpadded text; false when there are none.
    /// </summary>
    private bool TryPadded(string rendered, out TaskDefinition? task)
    {
        task = null;
        if (_padded || ContinuationIndent.Pad(rendered) is not { } padded) return false;
        _padded = true;
        var map = _map;
        _map = (line, column) =>
        {
            var added = padded.Added.GetValueOrDefault(line);
            return map(line, column > added ? column - added : 1);
        };
        _read = new NodeReader(_map, Diagnostics);
        task = Read(padded.Text);
        return true;
    }

    public TaskDefinition? Read(string rendered)
    {
        if (TabIndentation.Find(rendered) is { } tab)
        {
            if (TryPadded(rendered, out var task)) return task;
            Diagnostics.Error(_map(tab.Line, tab.Column), DiagnosticCodes.YamlSyntax,
                "invalid YAML after rendering: a tab is used as indentation; YAML indents with spaces only (ACR fails with "
                + "\"found character that cannot start any token\" or \"found a tab character that violates indentation\")");
            return null;
        }
        if (DocumentEndFirst(rendered) is { } endLine)
        {
            Diagnostics.Error(_map(endLine, 1), DiagnosticCodes.YamlSyntax,
                "invalid YAML after rendering: a document end marker '...' comes before any content; ACR fails on it (\"did not find expected node content\")");
            return null;
        }
        YamlStream stream;
        try
        {
            stream = LenientYaml.Load(rendered, keepOverridden: true, deferFailedMerges: true, duplicate: (key, earlier, later) => Diagnostics.Warning(
                _map((int)later.Line, (int)later.Column), DiagnosticCodes.DuplicateKey,
                $"'{key}' is given again in the same mapping (first at line {_map((int)earlier.Line, (int)earlier.Column).Line}); as in ACR, this last one wins"),
                ignored: at => Diagnostics.Warning(_map((int)at.Line, (int)at.Column), DiagnosticCodes.IgnoredText,
                    "ACR reads only the first YAML document of a task, and this is after its end (a '---' or '...' line, or a line "
                    + "indented less than the task's first key): ACR ignores everything from here on, steps included, without an error"));
        }
        catch (UnknownAnchorException e)
        {
            Diagnostics.Error(_map((int)e.Start.Line, (int)e.Start.Column), DiagnosticCodes.YamlSyntax, "invalid YAML after rendering: " + e.Message);
            return null;
        }
        catch (YamlDepthException e)
        {
            Diagnostics.Error(_map((int)e.Start.Line, (int)e.Start.Column), DiagnosticCodes.YamlTooDeep, "invalid YAML after rendering: " + e.Message);
            return null;
        }
        catch (YamlException e)
        {
            if (TryPadded(rendered, out var task)) return task;
            var span = _map((int)e.Start.Line, (int)e.Start.Column);
            Diagnostics.Error(span, DiagnosticCodes.YamlSyntax, "invalid YAML after rendering: " + CleanYamlMessage(e));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // The YAML library fails this way on a few malformed inputs; it is still the user's YAML that is wrong.
            if (TryPadded(rendered, out var task)) return task;
            Diagnostics.Error(_map(1, 1), DiagnosticCodes.YamlSyntax, "invalid YAML after rendering: the parser could not read it (" + e.Message + ")");
            return null;
        }
        if (stream.Documents.Count == 0 || NodeReader.IsNull(stream.Documents[0].RootNode))
            return new TaskDefinition { File = _file, Version = TaskVersion.V100 };
        var root = _read.Mapping(stream.Documents[0].RootNode, "the task");
        return root is null ? null : ReadTask(root);
    }

    private TaskDefinition ReadTask(YamlMappingNode root)
    {
        CheckOverridden(root, copy => ReadTask(copy));

        Located<int>? stepTimeout = null;
        string? workingDirectory = null;
        var env = new List<Located<string>>();
        var secrets = new List<SecretDefinition>();
        var networks = new List<NetworkDefinition>();
        var volumes = new List<VolumeDefinition>();
        var steps = new List<StepDefinition>();
        var version = TaskVersion.V100;
        SourceSpan? versionSpan = null;
        foreach (var (key, value, _) in _read.Entries(root, KnownKeys.Task, "the task"))
        {
            switch (key)
            {
                case "version":
                    versionSpan = _read.Span(value);
                    var versionText = _read.String(value, key) ?? "";
                    if (TaskVersion.Normalise(versionText) is { } valid) version = valid;
                    else
                        Diagnostics.Error(versionSpan.Value, DiagnosticCodes.InvalidVersion,
                            $"invalid version specified: \"{versionText}\"; valid versions are {string.Join(", ", TaskVersion.Valid)}");
                    break;
                case "stepTimeout": stepTimeout = _read.Int(value, key); break;
                case "workingDirectory": workingDirectory = _read.String(value, key); break;
                case "env":
                    foreach (var entry in _read.StringList(value, key))
                        env.AddRange(entry.Value.Split(',').Select(part => entry with { Value = part }));
                    break;
                case "secrets": secrets.AddRange(_read.Sequence(value, key).Select(ReadSecret).OfType<SecretDefinition>()); break;
                case "networks": networks.AddRange(_read.Sequence(value, key).Select(ReadNetwork).OfType<NetworkDefinition>()); break;
                case "volumes": volumes.AddRange(_read.Sequence(value, key).Select(ReadVolume).OfType<VolumeDefinition>()); break;
                case "steps":
                    var index = 0;
                    foreach (var node in _read.Sequence(value, key))
                    {
                        var step = ReadStep(node, index);
                        if (step is not null) steps.Add(step);
                        index++;
                    }
                    break;
            }
        }
        return new TaskDefinition
        {
            File = _file,
            Version = version,
            VersionSpan = versionSpan,
            StepTimeout = stepTimeout,
            WorkingDirectory = workingDirectory,
            Env = env,
            Secrets = secrets,
            Networks = networks,
            Volumes = volumes,
            Steps = steps,
        };
    }

    private StepDefinition? ReadStep(YamlNode node, int index)
    {
        var mapping = _read.Mapping(node, $"step {index + 1}");
        if (mapping is null)
        {
            if (NodeReader.IsNull(node))
                Diagnostics.Error(_read.Span(node), DiagnosticCodes.StepKindMissing, $"step {index + 1} is empty; give it a cmd, build or push");
            return null;
        }
        CheckOverridden(mapping, copy => ReadStep(copy, index));
        var keys = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var kinds = new List<(StepKind Kind, SourceSpan Span)>();
        string? command = null;
        var commandSpan = _read.Span(mapping);
        IReadOnlyList<Located<string>> push = [];
        Located<string>? id = null;
        IReadOnlyList<Located<string>>? when = null;
        var whenSpan = default(SourceSpan);
        IReadOnlyList<Located<string>> env = [];
        string? workingDirectory = null, entryPoint = null, user = null, network = null, isolation = null, cpus = null;
        bool disableOverride = false, privileged = false, keep = false, detach = false, ignoreErrors = false, pull = false;
        IReadOnlyList<string> ports = [], expose = [], retryOnErrors = [];
        Located<int>? timeout = null, startDelay = null, retries = null, retryDelay = null, repeat = null;
        Located<string>? cache = null;
        var mounts = new List<VolumeMount>();

        foreach (var (key, value, keySpan) in _read.Entries(mapping, KnownKeys.Step, $"step {index + 1}"))
        {
            keys[key] = keySpan;
            switch (key)
            {
                case "cmd":
                case "build":
                    var text = _read.String(value, key);
                    if (!string.IsNullOrEmpty(text))
                    {
                        command = text;
                        commandSpan = _read.Span(value);
                        kinds.Add((key == "cmd" ? StepKind.Cmd : StepKind.Build, keySpan));
                    }
                    break;
                case "push":
                    push = _read.StringList(value, key);
                    // A push written wrongly (a scalar, a map) is still the step's kind: its one error says what is wrong.
                    if (push.Count > 0 || value is not YamlSequenceNode && !NodeReader.IsNull(value)) kinds.Add((StepKind.Push, keySpan));
                    break;
                case "id":
                    var idText = _read.String(value, key);
                    if (!string.IsNullOrEmpty(idText)) id = new Located<string>(idText, _read.Span(value));
                    break;
                case "when": when = _read.StringList(value, key); whenSpan = _read.Span(value); break;
                case "env": env = _read.StringList(value, key); break;
                case "workingDirectory": workingDirectory = _read.String(value, key); break;
                case "disableWorkingDirectoryOverride": disableOverride = _read.Bool(value, key); break;
                case "entryPoint": entryPoint = _read.String(value, key); break;
                case "user": user = _read.String(value, key); break;
                case "network": network = _read.String(value, key); break;
                case "isolation": isolation = _read.String(value, key); break;
                case "cpus": cpus = _read.String(value, key); break;
                case "privileged": privileged = _read.Bool(value, key); break;
                case "keep": keep = _read.Bool(value, key); break;
                case "detach": detach = _read.Bool(value, key); break;
                case "ignoreErrors": ignoreErrors = _read.Bool(value, key); break;
                case "pull": pull = _read.Bool(value, key); break;
                case "ports": ports = _read.StringList(value, key).Select(p => p.Value).ToList(); break;
                case "expose": expose = _read.StringList(value, key).Select(p => p.Value).ToList(); break;
                case "retryOnErrors": retryOnErrors = _read.StringList(value, key).Select(p => p.Value).ToList(); break;
                case "timeout": timeout = _read.Int(value, key); break;
                case "startDelay": startDelay = _read.Int(value, key); break;
                case "retries": retries = _read.Int(value, key); break;
                case "retryDelay": retryDelay = _read.Int(value, key); break;
                case "repeat": repeat = _read.Int(value, key); break;
                case "cache":
                    var cacheText = _read.String(value, key);
                    if (cacheText is not null) cache = new Located<string>(cacheText, _read.Span(value));
                    break;
                case "volumeMounts":
                    foreach (var item in _read.Sequence(value, key))
                    {
                        var mount = ReadMount(item);
                        if (mount is not null) mounts.Add(mount);
                    }
                    break;
                case "exitedWith":
                case "exitedWithout":
                    foreach (var item in _read.Sequence(value, key)) _read.Int(item, key);
                    break;
            }
        }

        var span = _read.Span(mapping);
        if (kinds.Count == 0)
        {
            Diagnostics.Error(span, DiagnosticCodes.StepKindMissing, $"step {index + 1} is missing a cmd, build, or push property");
            return null;
        }
        if (kinds.Count > 1)
        {
            Diagnostics.Error(kinds[1].Span, DiagnosticCodes.StepKindAmbiguous,
                $"step {index + 1} must only contain a single build, cmd, or push property; it has {string.Join(" and ", kinds.Select(k => k.Kind.ToString().ToLowerInvariant()))}");
        }
        return new StepDefinition
        {
            Index = index,
            Span = span,
            Kind = kinds[0].Kind,
            Command = kinds[0].Kind == StepKind.Push ? null : command,
            CommandSpan = commandSpan,
            Push = kinds[0].Kind == StepKind.Push ? push : [],
            Id = id,
            When = when,
            WhenSpan = whenSpan,
            Env = env,
            WorkingDirectory = workingDirectory,
            DisableWorkingDirectoryOverride = disableOverride,
            EntryPoint = entryPoint,
            User = user,
            Network = network,
            Isolation = isolation,
            Cpus = cpus,
            Privileged = privileged,
            Keep = keep,
            Detach = detach,
            Ports = ports,
            Expose = expose,
            Timeout = timeout,
            StartDelay = startDelay,
            Retries = retries,
            RetryDelay = retryDelay,
            RetryOnErrors = retryOnErrors,
            Repeat = repeat,
            IgnoreErrors = ignoreErrors,
            Pull = pull,
            Cache = cache,
            VolumeMounts = mounts,
            Keys = keys,
        };
    }

    private VolumeMount? ReadMount(YamlNode node)
    {
        var mapping = _read.Mapping(node, "a volumeMounts entry");
        if (mapping is null) return null;
        CheckOverridden(mapping, copy => ReadMount(copy));
        string? name = null, path = null;
        foreach (var (key, value, _) in _read.Entries(mapping, KnownKeys.Mount, "a volumeMounts entry"))
        {
            if (key == "name") name = _read.String(value, key);
            else path = _read.String(value, key);
        }
        var span = _read.Span(mapping);
        if (string.IsNullOrEmpty(name)) Diagnostics.Error(span, DiagnosticCodes.MissingRequired, "a volumeMounts entry needs a 'name' naming a task volume");
        if (string.IsNullOrEmpty(path)) Diagnostics.Error(span, DiagnosticCodes.MissingRequired, "a volumeMounts entry needs a 'mountPath'");
        return name is null || path is null ? null : new VolumeMount(name, path, span);
    }

    private SecretDefinition? ReadSecret(YamlNode node)
    {
        var mapping = _read.Mapping(node, "a secrets entry");
        if (mapping is null) return null;
        CheckOverridden(mapping, copy => ReadSecret(copy));
        string? id = null, keyVault = null, clientId = null, aadResourceId = null;
        SourceSpan? idSpan = null, clientIdSpan = null, keyVaultSpan = null;
        foreach (var (key, value, _) in _read.Entries(mapping, KnownKeys.Secret, "a secrets entry"))
        {
            switch (key)
            {
                case "id": id = _read.String(value, key); idSpan = _read.Span(value); break;
                case "keyvault": keyVault = _read.String(value, key); keyVaultSpan = _read.Span(value); break;
                case "clientID": clientId = _read.String(value, key); clientIdSpan = _read.Span(value); break;
                // acb's field has no YAML name, so yaml.v2 reads it from the lower-cased field name only.
                case "aadresourceid": aadResourceId = _read.String(value, key); break;
            }
        }
        var span = _read.Span(mapping);
        if (string.IsNullOrEmpty(id))
        {
            Diagnostics.Error(span, DiagnosticCodes.MissingRequired, "a secret needs an 'id'");
            return null;
        }
        if (id.Any(GoText.IsSpace))
            Diagnostics.Error(idSpan ?? span, DiagnosticCodes.SecretIdWithSpace, $"secret ID '{id}' cannot contain spaces");
        if (string.IsNullOrEmpty(keyVault) && string.IsNullOrEmpty(aadResourceId))
            Diagnostics.Error(span, DiagnosticCodes.SecretWithoutSource,
                $"secret '{id}' should contain either a 'keyvault' property for a vault secret, or 'aadresourceid' (with an optional 'clientID') "
                + "for managed identity authentication");
        if (!string.IsNullOrEmpty(keyVault) && KeyVaultUrlProblem(keyVault) is { } problem)
            Diagnostics.Error(keyVaultSpan ?? span, DiagnosticCodes.InvalidKeyVaultUrl, $"secret '{id}': {problem}");
        if (!string.IsNullOrEmpty(clientId) && !GoText.IsUuid(clientId))
            Diagnostics.Error(clientIdSpan ?? span, DiagnosticCodes.InvalidClientId, $"secret '{id}': msi client ID '{clientId}' is not a valid GUID");
        return new SecretDefinition(id, keyVault, clientId, span);
    }

    private NetworkDefinition? ReadNetwork(YamlNode node)
    {
        var mapping = _read.Mapping(node, "a networks entry");
        if (mapping is null) return null;
        CheckOverridden(mapping, copy => ReadNetwork(copy));
        string? name = null, driver = null;
        bool ipv6 = false, skip = false, isDefault = false;
        foreach (var (key, value, _) in _read.Entries(mapping, KnownKeys.Network, "a networks entry"))
        {
            switch (key)
            {
                case "name": name = _read.String(value, key); break;
                case "driver": driver = _read.String(value, key); break;
                case "ipv6": ipv6 = _read.Bool(value, key); break;
                case "skipCreation": skip = _read.Bool(value, key); break;
                case "isDefault": isDefault = _read.Bool(value, key); break;
            }
        }
        var span = _read.Span(mapping);
        if (string.IsNullOrEmpty(name))
        {
            // acb's dry run accepts a nameless network (it plans `docker network create "" --driver ...`), but a real
            // ACR run fails there: "failed to create network: , err: exit status 1, msg: Error response from daemon: ...".
            Diagnostics.Error(span, DiagnosticCodes.MissingRequired,
                "a network needs a 'name'; ACR's dry run (acb --dry-run) lets this through, but a real ACR run fails creating it "
                + "(\"failed to create network: , err: ... Error response from daemon\")");
            return null;
        }
        return new NetworkDefinition(name, driver, ipv6, skip, isDefault, span);
    }

    private VolumeDefinition? ReadVolume(YamlNode node)
    {
        var mapping = _read.Mapping(node, "a volumes entry");
        if (mapping is null) return null;
        CheckOverridden(mapping, copy => ReadVolume(copy));
        string? name = null;
        foreach (var (key, value, _) in _read.Entries(mapping, KnownKeys.Volume, "a volumes entry"))
        {
            if (key == "name") { name = _read.String(value, key); continue; }
            // The types of the files of this copy of 'secret' (earlier copies are checked as such).
            if (NodeReader.IsNull(value) || _read.Mapping(value, "'secret'") is not { } files) continue;
            foreach (var (fileNode, content) in files.Children)
                if (!_read.FailedMerge(fileNode))
                    _read.String(content, LenientYaml.OverriddenName((fileNode as YamlScalarNode)?.Value) ?? (fileNode as YamlScalarNode)?.Value ?? "");
        }

        // yaml.v2 decodes each copy of 'secret' into the same map, in the order written: a mapping adds its files to it
        // (a file written again keeps its last content), a null empties it; acb then checks the map it is left with.
        Dictionary<string, (YamlNode Name, YamlNode Content)>? secretFiles = null;
        YamlNode? secretNode = null;
        var secretKeySpan = default(SourceSpan);
        var wrongType = false;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if ((LenientYaml.OverriddenName(key) ?? key) != "secret") continue;
            secretNode = value;
            secretKeySpan = _read.Span(keyNode);
            if (NodeReader.IsNull(value)) secretFiles = null;
            else if (value is YamlMappingNode files)
            {
                secretFiles ??= new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
                foreach (var (fileNode, content) in files.Children)
                {
                    if (MergeKeys.IsFailedMerge((fileNode as YamlScalarNode)?.Value)) continue;
                    var fileName = (fileNode as YamlScalarNode)?.Value ?? "";
                    secretFiles[LenientYaml.OverriddenName(fileName) ?? fileName] = (fileNode, content);
                }
            }
            else wrongType = true;
        }

        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fileName, (fileNode, content)) in secretFiles ?? [])
        {
            if (fileName.Length == 0)
                Diagnostics.Error(_read.Span(fileNode), DiagnosticCodes.InvalidSecretFileName, "a secret file name is empty");
            else if (!IsSecretFileName(fileName))
                Diagnostics.Error(_read.Span(fileNode), DiagnosticCodes.InvalidSecretFileName,
                    $"file name, {fileName}, is not well formed: use only letters, digits, '-', '_' and '.'");
            var data = QuietText(content);
            if (!IsBase64(data))
                Diagnostics.Error(_read.Span(content), DiagnosticCodes.InvalidSecretContent,
                    $"the content of secret file '{fileName}' must be base64-encoded");
            secret[fileName] = data;
        }
        var span = _read.Span(mapping);
        if (string.IsNullOrEmpty(name))
        {
            Diagnostics.Error(span, DiagnosticCodes.MissingRequired, "a volume needs a 'name'");
            return null;
        }
        if (wrongType) return new VolumeDefinition(name, secret, span);
        if (secretFiles is null)
            Diagnostics.Error(secretNode is null ? span : secretKeySpan, DiagnosticCodes.VolumeWithoutSecret,
                $"volume '{name}' has no 'secret' files; a volume's only source is 'secret', a map of file names to base64 contents");
        else if (secretFiles.Count == 0)
            Diagnostics.Error(_read.Span(secretNode!), DiagnosticCodes.EmptyVolumeSecret, $"volume '{name}' has an empty 'secret'; give it at least one file");
        return new VolumeDefinition(name, secret, span);
    }

    /// <summary>A scalar's text as <see cref="NodeReader.String"/> reads it, without reporting (its type is checked apart); "" otherwise.</summary>
    private static string QuietText(YamlNode node)
    {
        if (NodeReader.IsNull(node) || node is not YamlScalarNode scalar) return "";
        try
        {
            return Yaml11Scalar.Text(scalar);
        }
        catch (InvalidDataException)
        {
            return "";
        }
    }

    /// <summary>
    /// What ACR's Key Vault client refuses in a secret URL before fetching it: https://VAULT.HOST/secrets/NAME[/VERSION],
    /// the host with a dot in it. Null when the URL has that form.
    /// </summary>
    private static string? KeyVaultUrlProblem(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || !url[..schemeEnd].Equals("https", StringComparison.OrdinalIgnoreCase))
            return $"the keyvault URL '{url}' must start with https:// (ACR: \"invalid azure keyvault secret URL scheme. Expected Https\")";
        var rest = url[(schemeEnd + 3)..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0) rest = rest[..cut];
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        var segments = (slash < 0 ? "" : rest[slash..]).Split('/');
        if (segments.Length is not (3 or 4))
            return $"the keyvault URL '{url}' must be https://VAULT.vault.azure.net/secrets/NAME, optionally followed by /VERSION "
                   + $"(ACR: \"Bad number of URL segments: {segments.Length}\")";
        if (segments[1] != "secrets")
            return $"the keyvault URL '{url}' must name the 'secrets' collection, not '{segments[1]}'";
        if (!host.Contains('.'))
            return $"the keyvault URL '{url}' must name a vault host such as VAULT.vault.azure.net, not '{host}'";
        return null;
    }

    /// <summary>acb's rule for a secret file name: letters, digits, '-', '_' and '.' only.</summary>
    private static bool IsSecretFileName(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out _);
    }

    /// <summary>The line of a '...' that is the stream's first token (only blank and comment lines before it); yaml.v2 refuses it.</summary>
    private static int? DocumentEndFirst(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart(' ');
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            return line.StartsWith("...", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t') ? i + 1 : null;
        }
        return null;
    }

    private static string CleanYamlMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
        return message;
    }
}
