using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using TaskRunner.Execution.Archives;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Registry.Names;
using ContainerSpec = TaskRunner.Execution.Ports.ContainerSpec;
using NetworkSpec = TaskRunner.Execution.Ports.NetworkSpec;
using PortBinding = TaskRunner.Execution.Ports.PortBinding;

namespace TaskRunner.Execution.Adapters.Docker;

/// <summary><see cref="IContainerEngine"/> over the Docker Engine API (Docker.DotNet.Enhanced). Create it with <see cref="DockerEngineConnector"/>.</summary>
public sealed partial class DockerEngine : IContainerEngine, IDisposable
{
    /// <summary>A layer-less image used only to hold volumes while files are copied into them; never started.</summary>
    public const string HelperImage = "taskrunner-helper:scratch";

    private readonly DockerClient _client;
    private readonly System.Version _apiVersion;
    private readonly SemaphoreSlim _helperLock = new(1, 1);
    private bool _helperReady;

    /// <summary>Where the engine is, as errors name it: <c>unix:///var/run/docker.sock (context default)</c>.</summary>
    private readonly string _endpoint;

    internal DockerEngine(DockerClient client, System.Version apiVersion, string endpoint)
    {
        _client = client;
        _apiVersion = apiVersion;
        _endpoint = endpoint;
    }

    public void Dispose()
    {
        // Helpers on their way out are waited for (a bounded wait: the run's clean-up or `taskrunner clean` removes any left).
        try { HelpersRemovedAsync(null).Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { }
        foreach (var container in _attached.Keys) DropAttachment(container);
        _client.Dispose();
    }

    public async Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        var v = await Call(() => _client.System.GetVersionAsync(cancellationToken), "read the engine version").ConfigureAwait(false);
        return new EngineInfo(v.Os ?? "linux", NormaliseArchitecture(v.Arch), _apiVersion.ToString(), v.Version ?? "");
    }

    public async Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Networks.InspectNetworkAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerNetworkNotFoundException) { return false; }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"inspect network {name}", e); }
    }

    public Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) =>
        Creating(token => _client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = spec.Name,
            Driver = spec.Driver ?? "bridge",
            EnableIPv6 = spec.Ipv6 ? true : null,
            Labels = new Dictionary<string, string>(spec.Labels),
        }, token), $"create network {spec.Name}", cancellationToken);

    public async Task RemoveNetworkAsync(string name, CancellationToken cancellationToken)
    {
        try { await _client.Networks.DeleteNetworkAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (DockerNetworkNotFoundException) { }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        catch (DockerApiException e) { throw new EngineException($"cannot remove network {name}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"remove network {name}", e); }
    }

    public async Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Volumes.InspectAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"inspect volume {name}", e); }
    }

    public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Creating(token => _client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = new Dictionary<string, string>(labels) }, token),
            $"create volume {name}", cancellationToken);

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        // A helper still on its way out holds the volume.
        await HelpersRemovedAsync(name).WaitAsync(cancellationToken).ConfigureAwait(false);
        try { await _client.Volumes.RemoveAsync(name, true, cancellationToken).ConfigureAwait(false); }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        catch (DockerApiException e) { throw new EngineException($"cannot remove volume {name}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"remove volume {name}", e); }
    }

    public async Task CopyIntoVolumeAsync(string volume, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken)
    {
        // An earlier copy's helper, of the same name, may still be on its way out.
        await HelpersRemovedAsync(volume).WaitAsync(cancellationToken).ConfigureAwait(false);
        var helper = await CreateVolumeHelperAsync(volume, $"{volume}-copy", labels, readOnly: false, $"prepare volume {volume}", cancellationToken).ConfigureAwait(false);
        try
        {
            await StreamThroughPipeAsync(writeTar, stream => _client.Containers.ExtractArchiveToContainerAsync(
                helper, new CopyToContainerParameters { Path = VolumeMountPoint }, stream, cancellationToken), cancellationToken, $"copy files into volume {volume}").ConfigureAwait(false);
        }
        finally
        {
            RemoveHelperInBackground(helper, volume);
        }
    }

    public async Task<bool> ReadFromVolumeAsync(string volume, string path, IReadOnlyDictionary<string, string> labels, Func<Stream, CancellationToken, Task> readTar, CancellationToken cancellationToken)
    {
        // Builds may read the workspace at the same time: each read has a helper of its own.
        var name = $"{volume}-read-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        var helper = await CreateVolumeHelperAsync(volume, name, labels, readOnly: true, $"read volume {volume}", cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerArchiveResponse archive;
            try
            {
                archive = await _client.Containers.GetArchiveFromContainerAsync(helper,
                    new ContainerPathStatParameters { Path = VolumeMountPoint + "/" + path.TrimStart('/') }, statOnly: false, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
            catch (DockerApiException e) { throw new EngineException($"cannot read /{path.TrimStart('/')} from volume {volume}: {Message(e)}", e); }
            if (archive.Stream is not { } stream) return false;
            await using (stream.ConfigureAwait(false))
                await readTar(stream, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            RemoveHelperInBackground(helper, volume);
        }
    }

    private const string VolumeMountPoint = "/volume";

    /// <summary>A container of the helper image with the volume mounted, created and never started: the archive API's way in.</summary>
    private async Task<string> CreateVolumeHelperAsync(string volume, string name, IReadOnlyDictionary<string, string> labels, bool readOnly, string what, CancellationToken cancellationToken)
    {
        await EnsureHelperImageAsync(cancellationToken).ConfigureAwait(false);
        var created = await Creating(token => _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = HelperImage,
            Cmd = ["/taskrunner-helper-never-started"],
            Labels = new Dictionary<string, string>(labels),
            HostConfig = new HostConfig { Mounts = [new Mount { Type = "volume", Source = volume, Target = VolumeMountPoint, ReadOnly = readOnly }] },
        }, token), what, cancellationToken).ConfigureAwait(false);
        return created.ID;
    }

    public async Task<ImageDetails?> InspectImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var i = await _client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return new ImageDetails(i.ID, i.Os ?? "", i.Architecture ?? "", i.RepoTags?.ToList() ?? [], i.RepoDigests?.ToList() ?? [], i.Variant ?? "");
        }
        catch (DockerImageNotFoundException) { return null; }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
        catch (DockerApiException e) { throw new EngineException($"cannot inspect image {image}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"inspect image {image}", e); }
    }

    public async Task PullImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(image, out var parsed, out var invalid)) throw new EngineException(invalid);
        var reference = parsed!;
        string? error = null;
        var progress = new SynchronousProgress<JSONMessage>(m =>
        {
            if (m.Error is { Message: { } message }) error = message;
            else if (!string.IsNullOrEmpty(m.Status) && m.Progress is null) LineSplitter.Pieces(string.IsNullOrEmpty(m.ID) ? m.Status : $"{m.ID}: {m.Status}", (text, continues) => output(new OutputLine(text, false, continues)));
        });
        var parameters = new ImagesCreateParameters
        {
            FromImage = reference.EngineRepository,
            Tag = reference.Digest ?? reference.Tag,
        };
        await Call(() => _client.Images.CreateImageAsync(parameters, ToAuthConfig(auth), progress, cancellationToken), $"pull {image}").ConfigureAwait(false);
        if (error is not null) throw new EngineException($"cannot pull {image}: {error}");
    }

    public async Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var exposed = new Dictionary<string, EmptyStruct>();
        var bindings = new Dictionary<string, IList<global::Docker.DotNet.Models.PortBinding>>();
        foreach (var port in spec.Ports)
        {
            exposed[port.Key] = default;
            if (!bindings.TryGetValue(port.Key, out var list)) bindings[port.Key] = list = [];
            list.Add(new global::Docker.DotNet.Models.PortBinding { HostIP = port.HostIp ?? "", HostPort = port.HostPort ?? "" });
        }
        foreach (var e in spec.Expose) exposed[e.Contains('/') ? e : e + "/tcp"] = default;

        // Docker.DotNet's models are annotated non-nullable, but a null property is what leaves a setting to the
        // image or the engine (no CMD override, no working directory, default network).
#pragma warning disable CS8601
        var parameters = new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = spec.Command.Count > 0 ? spec.Command.ToList() : null,
            Entrypoint = spec.Entrypoint?.ToList(),
            Env = spec.Env.ToList(),
            WorkingDir = spec.WorkingDirectory,
            User = spec.User,
            Labels = new Dictionary<string, string>(spec.Labels),
            ExposedPorts = exposed.Count > 0 ? exposed : null,
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = new HostConfig
            {
                Privileged = spec.Privileged,
                NetworkMode = spec.Network,
                Isolation = spec.Isolation,
                NanoCPUs = spec.NanoCpus ?? 0,
                PortBindings = bindings.Count > 0 ? bindings : null,
                Mounts = spec.Mounts.Select(m => new Mount
                {
                    Type = m.Kind == ContainerMountKind.Bind ? "bind" : "volume",
                    Source = m.Source,
                    Target = m.Target,
                    ReadOnly = m.ReadOnly,
                }).ToList(),
            },
            NetworkingConfig = spec.Network is { } network && spec.NetworkAliases.Count > 0
                ? new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() { Aliases = spec.NetworkAliases.ToList() } } }
                : null,
        };
#pragma warning restore CS8601
        var response = await Creating(token => _client.Containers.CreateContainerAsync(parameters, token), $"create container {spec.Name}", cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(spec.Name)) _idsByName[spec.Name] = response.ID;
        await AttachQuietlyAsync(response.ID, cancellationToken).ConfigureAwait(false);
        return response.ID;
    }

    public Task ConnectNetworkAsync(string container, string network, IReadOnlyList<string> aliases, CancellationToken cancellationToken) =>
        Call(() => _client.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
        {
            Container = container,
            EndpointConfig = new EndpointSettings { Aliases = aliases.ToList() },
        }, cancellationToken), $"connect to network {network}");

    public Task StartContainerAsync(string container, CancellationToken cancellationToken) => StartAttachedAsync(container, cancellationToken);

    public async Task<long> WaitContainerAsync(string container, CancellationToken cancellationToken)
    {
        var response = await Call(() => _client.Containers.WaitContainerAsync(container, cancellationToken), "wait for the container").ConfigureAwait(false);
        return response.StatusCode;
    }

    public async Task KillContainerAsync(string container, CancellationToken cancellationToken)
    {
        try { await _client.Containers.KillContainerAsync(container, new ContainerKillParameters(), cancellationToken).ConfigureAwait(false); }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict) { }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"kill container {container}", e); }
    }

    public async Task RemoveContainerAsync(string container, CancellationToken cancellationToken)
    {
        DropAttachment(container);
        // Clean-up removes by name what was attached to by id.
        if (_idsByName.TryRemove(container, out var id)) DropAttachment(id);
        try
        {
            await _client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && Message(e).Contains("already in progress", StringComparison.OrdinalIgnoreCase)) { }
        catch (DockerApiException e) { throw new EngineException($"cannot remove container {container}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"remove container {container}", e); }
    }

    public async Task UntagImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            // As `docker rmi REF`: the tag goes; the image goes with its last tag unless a container uses it. Parents stay.
            await _client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException) { }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        catch (DockerApiException e) { throw new EngineException($"cannot remove tag {reference}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable($"remove tag {reference}", e); }
    }

    public async Task<string> BuildImageAsync(ImageBuildSpec spec, Stream context, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        string? imageId = null;
        string? error = null;
        var lines = new LineSplitter((line, continues) =>
        {
            var built = SuccessfullyBuilt().Match(line);
            if (built.Success) imageId ??= built.Groups[1].Value;
            output(new OutputLine(line, false, continues));
        });
        var progress = new SynchronousProgress<JSONMessage>(m =>
        {
            if (m.Error is { Message: { } message }) error = message;
            if (m.Stream is { } text) lines.Append(text);
            else if (!string.IsNullOrEmpty(m.Status) && m.Progress is null) lines.Append((string.IsNullOrEmpty(m.ID) ? m.Status : $"{m.ID}: {m.Status}") + "\n");
            if (m.Aux?.ExtensionData is { } aux && aux.TryGetValue("ID", out var id) && id?.ToString() is { Length: > 0 } idText) imageId = idText;
        });
        var parameters = new ImageBuildParameters
        {
            Dockerfile = spec.Dockerfile,
            Tags = spec.Tags.ToList(),
            BuildArgs = new Dictionary<string, string>(spec.BuildArgs),
            Labels = new Dictionary<string, string>(spec.Labels),
            Target = spec.Target,
            Platform = spec.Platform,
            NoCache = spec.NoCache ? true : null,
            Pull = spec.Pull ? "1" : null,
            NetworkMode = spec.Network,
            // The engine reads cachefrom as one JSON array; the client library writes one query value per list item.
            CacheFrom = spec.CacheFrom.Count > 0 ? [System.Text.Json.JsonSerializer.Serialize(spec.CacheFrom, EngineJsonContext.Default.IReadOnlyListString)] : null,
            ExtraHosts = spec.ExtraHosts.Count > 0 ? spec.ExtraHosts.ToList() : null,
            ShmSize = spec.ShmSize,
            Remove = true,
            ForceRemove = true,
        };
        var auths = spec.Auths.Select(a => ToAuthConfig(a)!).ToList();
        // Docker.DotNet's build parameters have no isolation: it goes to the engine's query through a header.
        var headers = EngineQueryParameters.Headers(("isolation", spec.Isolation));
        await Call(() => _client.Images.BuildImageFromDockerfileAsync(parameters, context, auths, headers, progress, cancellationToken), "build the image").ConfigureAwait(false);
        lines.Flush();
        if (error is not null) throw new EngineException(error.Trim());
        if (imageId is null && spec.Tags.Count > 0)
            imageId = (await InspectImageAsync(spec.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        return imageId ?? throw new EngineException("the engine did not report the built image's id");
    }

    public async Task<string?> PushImageAsync(string image, RegistryAuth? auth, Action<OutputLine> output, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(image, out var parsed, out var invalid)) throw new EngineException(invalid);
        var reference = parsed!;
        string? digest = null;
        string? error = null;
        var progress = new SynchronousProgress<JSONMessage>(m =>
        {
            if (m.Error is { Message: { } message }) { error = message; return; }
            if (string.IsNullOrEmpty(m.Status) || m.Progress is { Total: > 0 }) return;
            var line = string.IsNullOrEmpty(m.ID) ? m.Status : $"{m.ID}: {m.Status}";
            var pushed = PushedDigest().Match(line);
            if (pushed.Success) digest = pushed.Groups[1].Value;
            LineSplitter.Pieces(line, (text, continues) => output(new OutputLine(text, false, continues)));
        });
        var parameters = new ImagePushParameters { Tag = reference.Tag ?? "" };
        await Call(() => _client.Images.PushImageAsync(reference.EngineRepository, parameters, ToAuthConfig(auth) ?? new AuthConfig(), progress, cancellationToken), $"push {image}").ConfigureAwait(false);
        // The engine's own words ("dial tcp 127.0.0.1:5000: connect: connection refused" after its upload retries)
        // say what happened; the registry is named in any case. A push that failed reports no digest: nothing of it
        // counts as pushed.
        if (error is not null) throw new EngineException($"cannot push {image} to the registry {reference.Registry}: {error}");
        return digest;
    }

    public async Task<EngineObjects> ListLabelledAsync(string label, string value, CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } };
        var containers = await Call(() => _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken), "list containers").ConfigureAwait(false);
        var networks = await Call(() => _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken), "list networks").ConfigureAwait(false);
        var volumes = await Call(() => _client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken), "list volumes").ConfigureAwait(false);
        return new EngineObjects(
            containers.Select(c => c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID).ToList(),
            networks.Select(n => n.Name).ToList(),
            (volumes.Volumes ?? []).Select(v => v.Name).ToList());
    }

    public async Task<IReadOnlyDictionary<string, EngineObjects>> ListByLabelValueAsync(string label, CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        var containers = Call(() => _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken), "list containers");
        var networks = Call(() => _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken), "list networks");
        var volumes = Call(() => _client.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken), "list volumes");
        await Task.WhenAll(containers, networks, volumes).ConfigureAwait(false);
        var values = new SortedDictionary<string, (List<string> Containers, List<string> Networks, List<string> Volumes)>(StringComparer.Ordinal);
        (List<string>, List<string>, List<string>) Of(IDictionary<string, string>? labels) =>
            labels is not null && labels.TryGetValue(label, out var value)
                ? values.TryGetValue(value, out var found) ? found : values[value] = ([], [], [])
                : ([], [], []);
        foreach (var c in containers.Result) Of(c.Labels).Item1.Add(c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID);
        foreach (var n in networks.Result) Of(n.Labels).Item2.Add(n.Name);
        foreach (var v in volumes.Result.Volumes ?? []) Of(v.Labels).Item3.Add(v.Name);
        return values.ToDictionary(p => p.Key, p => new EngineObjects(p.Value.Containers, p.Value.Networks, p.Value.Volumes), StringComparer.Ordinal);
    }

    private async Task EnsureHelperImageAsync(CancellationToken cancellationToken)
    {
        if (_helperReady) return;
        await _helperLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_helperReady || await InspectImageAsync(HelperImage, cancellationToken).ConfigureAwait(false) is not null)
            {
                _helperReady = true;
                return;
            }
            var context = new MemoryStream();
            await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
            {
                var dockerfile = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes("FROM scratch\nLABEL io.taskrunner.helper=true\n")),
                };
                await tar.WriteEntryAsync(dockerfile, cancellationToken).ConfigureAwait(false);
            }
            context.Position = 0;
            await BuildImageAsync(new ImageBuildSpec { Dockerfile = "Dockerfile", Tags = [HelperImage] }, context, _ => { }, cancellationToken).ConfigureAwait(false);
            _helperReady = true;
        }
        finally
        {
            _helperLock.Release();
        }
    }

    /// <summary>The tar pipe, with the engine's errors on the consuming side turned into <see cref="EngineException"/>.</summary>
    private static Task StreamThroughPipeAsync(Func<Stream, CancellationToken, Task> produce, Func<Stream, Task> consume, CancellationToken cancellationToken, string what) =>
        TarPipe.StreamAsync(produce, consume, cancellationToken, what,
            e => e is DockerApiException api ? new EngineException($"cannot {what}: {Message(api)}", api) : null);

    /// <summary>How long a creation already sent to the engine may still take once its caller is cancelled.</summary>
    private static readonly TimeSpan CreationGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A call that creates something (network, volume, container): never sent once <paramref name="cancellationToken"/>
    /// is cancelled, and once sent, waited for to the engine's answer even when the caller is cancelled meanwhile (for at
    /// most <see cref="CreationGrace"/> more). The engine completes a creation whose client went away, and the run, told
    /// "cancelled", would never learn of it; waited for, the object exists (named and labelled) before clean-up looks.
    /// </summary>
    private async Task<T> Creating<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var grace = new CancellationTokenSource();
        await using var link = cancellationToken.Register(() => grace.CancelAfter(CreationGrace)).ConfigureAwait(false);
        return await Call(() => call(grace.Token), what).ConfigureAwait(false);
    }

    private async Task<T> Call<T>(Func<Task<T>> call, string what)
    {
        try { return await call().ConfigureAwait(false); }
        catch (DockerApiException e) { throw new EngineException($"cannot {what}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable(what, e); }
    }

    private async Task Call(Func<Task> call, string what)
    {
        try { await call().ConfigureAwait(false); }
        catch (DockerApiException e) { throw new EngineException($"cannot {what}: {Message(e)}", e); }
        catch (Exception e) when (IsTransportFailure(e)) { throw Unreachable(what, e); }
    }

    /// <summary>
    /// The connection to the engine failed: refused or reset (the engine stopped, its socket is gone), or closed in the
    /// middle of an answer. Not a cancellation: those stay <see cref="OperationCanceledException"/>.
    /// </summary>
    private static bool IsTransportFailure(Exception e) => e is HttpRequestException or IOException or System.Net.Sockets.SocketException;

    /// <summary>An engine that stopped answering, named so the user knows which one to look at.</summary>
    private EngineException Unreachable(string what, Exception e)
    {
        var reason = e.InnerException is { } inner && e is HttpRequestException ? $"{e.Message} {inner.Message}" : e.Message;
        return new EngineException($"cannot {what}: the Docker engine at {_endpoint} did not answer ({reason.Trim()})", e);
    }

    /// <summary>The engine's own message from an error body like <c>{"message":"..."}</c>.</summary>
    internal static string Message(DockerApiException e)
    {
        var body = e.ResponseBody ?? "";
        var match = EngineMessage().Match(body);
        var text = match.Success ? Regex.Unescape(match.Groups[1].Value) : body.Trim();
        return text.Length > 0 ? text : e.StatusCode.ToString();
    }

    private static AuthConfig? ToAuthConfig(RegistryAuth? auth) => auth is null ? null : new AuthConfig
    {
        ServerAddress = auth.ServerAddress,
        Username = auth.Username,
        Password = auth.Password,
        IdentityToken = auth.IdentityToken,
    };

    private static string NormaliseArchitecture(string? arch) => arch switch
    {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        null or "" => "amd64",
        _ => arch,
    };

    [GeneratedRegex("^Successfully built ([0-9a-f]{12,64})\\s*$")]
    private static partial Regex SuccessfullyBuilt();

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex PushedDigest();

    [GeneratedRegex("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex EngineMessage();
}
